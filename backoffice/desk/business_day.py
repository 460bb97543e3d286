"""The operator's time zone and business day, as the desk's live views and reports use them."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from fastapi import Request


def operator_zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


def day_start(request: Request) -> datetime:
    """Midnight of the business day in the operator's time zone, as UTC."""
    tz = operator_zone(request)
    return datetime.combine(datetime.now(tz).date(), time(0), tzinfo=tz).astimezone(UTC)
