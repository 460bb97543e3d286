"""The real call-flow engine talking to the real back office over HTTP (the production
`HttpBackOffice` adapter), with a scripted caller: what the switch does, minus the switch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Call, QueueEntry
from fs_scripts import prompts, speech
from fs_scripts.backoffice_port import BackOfficeUnavailable, SecretDigits
from fs_scripts.client import HttpBackOffice
from fs_scripts.flows import FlowConfig, run_call
from fs_scripts.flows.scripted import ScriptedChannel
from tests.support.agents import set_state
from tests.support.live_server import live_server


@pytest.fixture
def office(ivr: TestClient) -> Iterator[HttpBackOffice]:
    settings = ivr.app.state.settings  # type: ignore[attr-defined]
    with live_server(ivr.app) as base:
        client = HttpBackOffice(base, settings.ivr_service_token)
        yield client
        client.close()


def _call(office: HttpBackOffice, keys: str, caller: str, call_id: str = "e2e-1") -> ScriptedChannel:
    channel = ScriptedChannel.from_keys(keys, caller_number=caller, call_id=call_id,
                                        known_prompts=prompts.catalogue())
    run_call(channel, office, config=FlowConfig())
    return channel


def _balance_fen(ivr: TestClient, number: str) -> int:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        from backoffice.services.lines import find_line

        line = find_line(db, number)
        assert line is not None
        return line.account.balance_fen


def test_caller_presses_2_1_keys_the_pin_and_hears_the_balance(
        ivr: TestClient, office: HttpBackOffice) -> None:
    channel = _call(office, "2,1,135790#,", "13800000001")
    heard = channel.heard()
    expected = ["balance/is", *speech.money(_balance_fen(ivr, "13800000001"), "zh")]
    assert any(heard[i:i + len(expected)] == expected for i in range(len(heard)))
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        call = db.scalar(select(Call).where(Call.call_uuid == "e2e-1"))
    assert call is not None and call.verified and call.contained
    assert "135790" not in " ".join(channel.transcript())


def test_english_vip_caller_reaching_an_agent_is_queued_with_context(
        ivr: TestClient, office: HttpBackOffice) -> None:
    set_state(ivr.app.state.engine, "agent12")  # type: ignore[attr-defined]
    channel = _call(office, "0", "13800000004", call_id="e2e-agent")
    assert channel.transfers == ["callcenter_queue"]
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        entry = db.scalar(select(QueueEntry).where(QueueEntry.call_uuid == "e2e-agent"))
    assert entry is not None and entry.vip_level == 2
    assert entry.context["caller_number"] == "13800000004"
    assert entry.context["verified"] is False


def test_back_office_down_means_apology_and_fallback_queue() -> None:
    office = HttpBackOffice("http://127.0.0.1:9", "token")  # nothing listens on port 9
    with pytest.raises(BackOfficeUnavailable):
        office.verify_pin("c", "13800000001", SecretDigits("135790"))
    channel = ScriptedChannel.from_keys("2,1,135790#,", caller_number="13800000001",
                                        call_id="down", known_prompts=prompts.catalogue())
    result = run_call(channel, office, config=FlowConfig())
    assert "ivr/system_unavailable" in channel.heard()
    assert channel.transfers == [FlowConfig().fallback_destination]
    assert result.contained is False
