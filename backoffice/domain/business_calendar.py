"""The business calendar: which days are working days and which hours count on them.

SLA clocks on the business calendar (e.g. "acceptance reply within 1 business day") only
run in business hours of working days, in the operator's time zone. Weekends and public
holidays stop the clock; make-up working days (调休) on a weekend run it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
SATURDAY, SUNDAY = 5, 6
MAX_DAYS_SEARCHED = 3660  # a calendar without a working day in ten years is a mistake


def parse_hours(text: str) -> tuple[int, int]:
    """"09:00-18:00" -> (540, 1080) minutes after midnight; "00:00-24:00" is the whole day."""
    try:
        start, end = text.split("-")
        opens, closes = (int(h) * 60 + int(m) for h, m in (p.split(":") for p in (start, end)))
    except ValueError:
        raise ValueError(f"business hours look like 09:00-18:00, not {text!r}") from None
    if not 0 <= opens < closes <= MINUTES_PER_DAY:
        raise ValueError(f"business hours must open before they close within a day: {text!r}")
    return opens, closes


@dataclass(frozen=True)
class BusinessCalendar:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    opens_minute: int = 0
    closes_minute: int = MINUTES_PER_DAY
    weekend: frozenset[int] = frozenset({SATURDAY, SUNDAY})
    holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not 0 <= self.opens_minute < self.closes_minute <= MINUTES_PER_DAY:
            raise ValueError("business hours must open before they close within a day")

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.weekday() not in self.weekend and day not in self.holidays

    def _window(self, day: date) -> tuple[datetime, datetime]:
        """The day's business hours as UTC instants."""
        midnight = datetime.combine(day, time(0), tzinfo=self.tz)
        start = (midnight + timedelta(minutes=self.opens_minute)).astimezone(UTC)
        end = (midnight + timedelta(minutes=self.closes_minute)).astimezone(UTC)
        return start, end

    def add_business_minutes(self, start: datetime, minutes: int) -> datetime:
        """The instant when `minutes` of business time have passed since `start`."""
        if minutes < 0:
            raise ValueError("a duration cannot be negative")
        cursor = start.astimezone(UTC)
        if minutes == 0:
            return cursor
        remaining = timedelta(minutes=minutes)
        day = cursor.astimezone(self.tz).date()
        for _ in range(MAX_DAYS_SEARCHED):
            if self.is_working_day(day):
                window_start, window_end = self._window(day)
                cursor = max(cursor, window_start)
                if cursor < window_end:
                    available = window_end - cursor
                    if remaining <= available:
                        return cursor + remaining
                    remaining -= available
            day += timedelta(days=1)
        raise ValueError("the business calendar has no working time left")

    def business_minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole business minutes from `start` to `end` (0 when end is not after start)."""
        if end <= start:
            return 0
        total = timedelta()
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            if self.is_working_day(day):
                window_start, window_end = self._window(day)
                lo, hi = max(start, window_start), min(end, window_end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return int(total.total_seconds() // 60)
