"""Agent skills the built-in menus route to (REQUIREMENTS §3: a known need goes to a
specialist of that skill, anything else to a general agent).

Skills are data in the back office; these names must exist there. A flow document may
name other skills the back office knows.
"""

from __future__ import annotations

GENERAL = "general"  # 综合台: any request; also the fallback
CONSULTATION = "consultation"  # 业务咨询
BILLING = "billing"  # balance, bills, payments
SERVICE_ORDERS = "service_orders"  # 业务受理: feature and plan changes
COMPLAINTS = "complaints"  # complaints and suggestions
FAULTS = "faults"  # 障碍申告
DIRECTORY = "directory"  # 号码查询

ALL = (GENERAL, CONSULTATION, BILLING, SERVICE_ORDERS, COMPLAINTS, FAULTS, DIRECTORY)
