"""All tables; importing this package registers every model on `Base.metadata`."""

from backoffice.db.models.agents import Agent, AgentSkill, AgentStateChange, Skill
from backoffice.db.models.billing import (
    Bill,
    BillItem,
    IdempotencyRecord,
    Payment,
    RechargeCard,
)
from backoffice.db.models.calls import Blacklist, Call, QueueEntry, SurveyAnswer
from backoffice.db.models.customers import Account, CreditEvent, Customer, Line, Plan
from backoffice.db.models.desk import CallSummary, Notice
from backoffice.db.models.flows import IvrFlow
from backoffice.db.models.security import ApiKey, AuditLog
from backoffice.db.models.tickets import Incident, SlaRule, Ticket, TicketEvent, TicketTask
from backoffice.db.models.webhooks import (  # outgoing webhooks
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

__all__ = [
    "Account", "Agent", "AgentSkill", "AgentStateChange", "ApiKey", "AuditLog", "Bill",
    "BillItem", "Blacklist", "Call", "CallSummary", "CreditEvent", "Customer",
    "IdempotencyRecord", "Incident", "IvrFlow", "Line", "Notice", "Payment", "Plan",
    "QueueEntry", "RechargeCard", "Skill", "SlaRule", "SurveyAnswer", "Ticket", "TicketEvent",
    "TicketTask",
]
__all__ += ["WebhookAttempt", "WebhookDelivery", "WebhookEndpoint"]  # outgoing webhooks
