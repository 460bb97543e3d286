"""Outside dev mode, default or weak secrets stop the service at start with a clear message."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backoffice.config import Settings


def test_dev_mode_accepts_development_defaults() -> None:
    assert Settings(env="dev", _env_file=None).ivr_service_token  # type: ignore[call-arg]


def test_prod_mode_refuses_default_secrets_and_names_them() -> None:
    with pytest.raises(ValidationError) as info:
        Settings(env="prod", _env_file=None)  # type: ignore[call-arg]
    message = str(info.value)
    for name in ("CALLCENTER_IVR_SERVICE_TOKEN", "CALLCENTER_PIN_HASH_KEY",
                 "CALLCENTER_SESSION_SECRET", "CALLCENTER_ESL_PASSWORD",
                 "CALLCENTER_WEBHOOK_SIGNING_KEY"):
        assert name in message


def test_prod_mode_refuses_cluecon_and_accepts_strong_secrets() -> None:
    strong = {"ivr_service_token": "t" * 32, "pin_hash_key": "k" * 32,
              "session_secret": "s" * 32, "webhook_signing_key": "w" * 32}
    with pytest.raises(ValidationError, match="CALLCENTER_ESL_PASSWORD"):
        Settings(env="prod", esl_password="ClueCon", _env_file=None, **strong)  # type: ignore[call-arg]
    assert Settings(env="prod", esl_password="e" * 20, _env_file=None, **strong).env == "prod"  # type: ignore[call-arg]
