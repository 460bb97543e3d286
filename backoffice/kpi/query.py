"""What a report is asked for: a range of days and a grouping, checked the same way for
the desk's page, its CSV and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backoffice.kpi.reports import GROUPINGS

MAX_RANGE_DAYS = 366
MAX_HOURLY_DAYS = 31  # an hourly report of a month is 744 rows; a year would be 8784
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


class InvalidReportQuery(ValueError):
    """The range or grouping cannot be reported; `code` is stable, the message says why."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class ReportQuery:
    """From `first_day` to `last_day`, both included, in the operator's time zone."""

    first_day: date
    last_day: date
    group_by: str = "day"

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def checked(self) -> ReportQuery:
        if self.group_by not in GROUPINGS:
            raise InvalidReportQuery("bad_grouping",
                                     f"group_by must be one of {', '.join(GROUPINGS)}")
        if not FIRST_DAY <= min(self.first_day, self.last_day) <= \
                max(self.first_day, self.last_day) <= LAST_DAY:
            raise InvalidReportQuery(
                "days_out_of_range", f"days must be from {FIRST_DAY} to {LAST_DAY}")
        if self.last_day < self.first_day:
            raise InvalidReportQuery("range_reversed", "'from' must not be after 'to'")
        if self.days > MAX_RANGE_DAYS:
            raise InvalidReportQuery(
                "range_too_long", f"a report covers at most {MAX_RANGE_DAYS} days")
        if self.group_by == "hour" and self.days > MAX_HOURLY_DAYS:
            raise InvalidReportQuery(
                "hourly_too_long", f"an hourly report covers at most {MAX_HOURLY_DAYS} days")
        return self

    def window(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as UTC instants: local midnight of the first day to local midnight
        after the last."""
        start = datetime.combine(self.first_day, time(0), tzinfo=tz)
        end = datetime.combine(self.last_day + timedelta(days=1), time(0), tzinfo=tz)
        return start.astimezone(UTC), end.astimezone(UTC)

    @property
    def timeline_grouping(self) -> str:
        """The grouping of the charts over time: hours for an hourly report, else days."""
        return "hour" if self.group_by == "hour" else "day"
