"""The agent queue's knobs, taken from the settings once (pure code gets this, not Settings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from backoffice.acd.policy import RoutingConfig
from backoffice.config import Settings


@dataclass(frozen=True)
class AcdConfig:
    offer_timeout_s: int = 10
    max_missed_offers: int = 3
    wrap_up_s: int = 30
    announce_every_s: int = 45
    callback_offer_after_s: int = 60
    max_wait_s: int = 600
    desk_timeout_s: int = 10
    routing: RoutingConfig = field(default_factory=RoutingConfig)
    opens: time = time(0, 0)
    closes: time | None = None  # None: open until midnight (24 h service)
    timezone: str = "Asia/Shanghai"
    night_destination: str = "callcenter_night"
    refused_destination: str = "callcenter_refused"

    @classmethod
    def from_settings(cls, settings: Settings) -> AcdConfig:
        opens, closes = settings.service_hours.split("-")
        return cls(
            offer_timeout_s=settings.offer_timeout_s, max_missed_offers=settings.max_missed_offers,
            wrap_up_s=settings.wrap_up_s, announce_every_s=settings.announce_every_s,
            callback_offer_after_s=settings.callback_offer_after_s,
            max_wait_s=settings.max_wait_s,
            routing=RoutingConfig(overflow_after_s=settings.overflow_after_s,
                                  overflow_min_level=settings.overflow_min_level),
            opens=time.fromisoformat(opens),
            closes=None if closes == "24:00" else time.fromisoformat(closes),
            timezone=settings.timezone, night_destination=settings.night_destination,
            refused_destination=settings.refused_destination,
        )

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(ZoneInfo(self.timezone)).time()
        return self.opens <= local and (self.closes is None or local < self.closes)
