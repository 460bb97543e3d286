"""All configuration in one place, read from the environment and `.env` (pydantic-settings).

Secrets have development defaults so `make run` works on a fresh machine; outside dev mode
those defaults (or empty values) are refused at start with a message that names the variable.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backoffice.domain.pins import PinPolicy

DEV_SECRET_PREFIX = "dev-only-"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class InsecureConfiguration(ValueError):
    """Raised at start when a production setting still holds a development default."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CALLCENTER_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["dev", "test", "prod"] = "dev"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'callcenter.db'}"
    host: str = "127.0.0.1"
    port: int = 8000
    locale: Literal["zh_CN", "en"] = "zh_CN"
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    log_json: bool = False

    # Secrets: the IVR's service token, the PIN hashing key (never stored in the database),
    # the key that signs desk sessions, the event-socket password, and the webhook signing key.
    ivr_service_token: str = DEV_SECRET_PREFIX + "ivr-token"
    pin_hash_key: str = DEV_SECRET_PREFIX + "pin-key"
    session_secret: str = DEV_SECRET_PREFIX + "session-secret"
    esl_password: str = DEV_SECRET_PREFIX + "esl-password"
    # Outgoing webhooks: each endpoint's signing secret is derived from this key (so the
    # database holds none); changing it changes every endpoint's secret.
    webhook_signing_key: str = DEV_SECRET_PREFIX + "webhook-key"
    webhook_timeout_s: float = Field(default=5.0, gt=0, le=30)

    esl_host: str = "127.0.0.1"
    esl_port: int = 8021
    # Agent phones: extension -> dial string (only these are ever dialed), e.g.
    # CALLCENTER_AGENT_ENDPOINTS='{"1001": "user/1001"}'. Empty: every agent extension
    # with a desk user is dialed as user/<extension>.
    agent_endpoints: dict[str, str] = Field(default_factory=dict)
    callback_dial_template: str | None = None  # e.g. sofia/gateway/pstn/{number}
    switch: Literal["simulated", "esl"] = "simulated"
    # With the simulated switch the web process dispatches the queue (tests turn it off to
    # drive the dispatcher with a controlled clock).
    run_dispatcher: bool = True
    # Housekeeping in the web process (ticket SLA sweep, webhook deliveries); tests turn it
    # off and call the jobs themselves with a controlled clock.
    run_background_jobs: bool = True

    service_number: str = "10000"
    # The dialplan extension the IVR transfers a caller to when it joins the agent queue.
    queue_destination: str = "callcenter_queue"

    # Agent queue (ACD). Night service: when nobody is logged in, or outside these hours
    # (the center serves 24 h by default), callers hear the night message and may book a callback.
    night_destination: str = "callcenter_night"
    refused_destination: str = "callcenter_refused"
    offer_timeout_s: int = Field(default=10, ge=3, le=120)
    max_missed_offers: int = Field(default=3, ge=1, le=20)
    wrap_up_s: int = Field(default=30, ge=0, le=600)
    announce_every_s: int = Field(default=45, ge=30, le=60)
    callback_offer_after_s: int = Field(default=60, ge=0)
    max_wait_s: int = Field(default=600, ge=30)
    overflow_after_s: int = Field(default=0, ge=0)
    overflow_min_level: int = Field(default=3, ge=1, le=5)
    service_hours: str = Field(default="00:00-24:00", pattern=r"^\d\d:\d\d-\d\d:\d\d$")

    # Service indicators (issue 8, backoffice/kpi): a caller answered within this many
    # seconds counts toward the service level; one who hangs up sooner than short_abandon_s
    # is counted neither in the service level nor as an abandon.
    service_level_threshold_s: int = Field(default=15, ge=1, le=600)
    short_abandon_s: int = Field(default=5, ge=0, le=60)

    # PIN policy: tries per call are the IVR's; failures across calls lock the PIN.
    pin_tries_per_call: int = Field(default=2, ge=1, le=5)
    pin_lock_after_failures: int = Field(default=3, ge=1, le=20)
    pin_lock_minutes: int = Field(default=30, ge=1)
    caller_token_ttl_s: int = Field(default=900, ge=60)
    session_max_age_s: int = Field(default=8 * 3600, gt=0)

    # Tickets workflow: the business calendar SLA clocks of kind 'business' run on (in
    # `timezone`): hours of a working day, weekend days (0 = Monday), public holidays and
    # make-up working days (调休), e.g. CALLCENTER_BUSINESS_HOLIDAYS='["2026-10-01"]'.
    business_hours: str = Field(default="00:00-24:00", pattern=r"^\d\d:\d\d-\d\d:\d\d$")
    business_weekend: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default_factory=lambda: [5, 6])
    business_holidays: list[date] = Field(default_factory=list)
    business_extra_workdays: list[date] = Field(default_factory=list)
    # Areas whose customers get the rural SLA rules (new installs 38 days instead of 28).
    rural_areas: list[str] = Field(default_factory=lambda: ["chongming", "jinshan"])
    # Opening an incident links the area's fault tickets reported up to this long before it.
    fault_link_window_minutes: int = Field(default=120, ge=0)
    sla_sweep_interval_s: int = Field(default=60, ge=5)

    @model_validator(mode="after")
    def _refuse_default_secrets_outside_dev(self) -> Settings:
        if self.env == "dev" or self.env == "test":
            return self
        weak = [
            f"CALLCENTER_{name.upper()}"
            for name in ("ivr_service_token", "pin_hash_key", "session_secret", "esl_password",
                         "webhook_signing_key")
            if _is_weak_secret(getattr(self, name))
        ]
        if weak:
            raise InsecureConfiguration(
                "refusing to start with default or empty secrets outside dev mode; set "
                + ", ".join(weak)
                + " (at least 16 characters each, never 'ClueCon')"
            )
        return self

    @property
    def pin_key_bytes(self) -> bytes:
        return self.pin_hash_key.encode()

    def today(self) -> date:
        """The business day in the operator's time zone (bills fall due on local dates)."""
        return datetime.now(ZoneInfo(self.timezone)).date()

    @property
    def pin_policy(self) -> PinPolicy:
        return PinPolicy(tries_per_call=self.pin_tries_per_call,
                         lock_after_failures=self.pin_lock_after_failures,
                         lock_minutes=self.pin_lock_minutes)


def _is_weak_secret(value: str) -> bool:
    return (
        not value
        or value.startswith(DEV_SECRET_PREFIX)
        or len(value) < 16
        or value.lower() == "cluecon"
    )


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests build their own `Settings` instead)."""
    return Settings()
