"""`callcenter call`: the terminal phone, against a live back office with demo data."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from backoffice.cli import app as cli
from backoffice.demo.reference import DEMO_PIN
from backoffice.services.lines import find_line
from fs_scripts import prompts, speech
from fs_scripts.client import HttpBackOffice
from fs_scripts.flows import FlowConfig, run_call
from fs_scripts.flows.scripted import ScriptedChannel

LINE = "13800000001"
BALANCE_KEYS = f"2,1,{DEMO_PIN}#,"


def balance_fen(ivr: TestClient, number: str) -> int:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        line = find_line(db, number)
        assert line is not None
        return line.account.balance_fen


def engine_files(base_url: str, token: str, keys: str) -> list[str]:
    """What the engine itself plays for `keys`, as files relative to `sounds/`."""
    office = HttpBackOffice(base_url, token)
    try:
        channel = ScriptedChannel.from_keys(keys, caller_number=LINE, call_id="reference",
                                            known_prompts=prompts.catalogue())
        run_call(channel, office, config=FlowConfig())
    finally:
        office.close()
    return [f"{lang}/{prompt_id}.wav" for prompt_id, lang in channel.heard_with_language()]


def contains_run(items: list[str], run: list[str]) -> bool:
    return any(items[i:i + len(run)] == run for i in range(len(items) - len(run) + 1))


@pytest.mark.usefixtures("cli_env")
def test_given_the_balance_path_when_called_with_keys_then_it_prints_the_engine_s_prompt_files(
        ivr: TestClient, live: str) -> None:
    expected = engine_files(live, ivr.app.state.settings.ivr_service_token,  # type: ignore[attr-defined]
                            BALANCE_KEYS)

    result = CliRunner().invoke(cli, ["call", "--from", LINE, "--keys", BALANCE_KEYS,
                                      "--url", live])

    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    assert printed == expected
    balance = ["balance/is", *speech.money(balance_fen(ivr, LINE), "zh")]
    assert contains_run(printed, [f"zh/{prompt_id}.wav" for prompt_id in balance])
    assert all((prompts.sounds_dir() / path).is_file() for path in printed)
    assert DEMO_PIN not in result.output


@pytest.mark.usefixtures("cli_env")
def test_given_a_person_at_the_terminal_when_they_key_the_balance_path_then_captions_show_it(
        ivr: TestClient, live: str) -> None:
    typed = f"2\n1\n{DEMO_PIN}#\n"  # then end of input: the caller hangs up

    result = CliRunner().invoke(cli, ["call", "--from", LINE, "--url", live], input=typed)

    assert result.exit_code == 0, result.output
    catalogue = prompts.catalogue()
    balance = catalogue.sentence(["balance/is", *speech.money(balance_fen(ivr, LINE), "zh")], "zh")
    assert balance in result.stdout
    assert catalogue.caption("menu/main", "zh") in result.stdout
    assert "[you hung up]" in result.stdout
    assert "[call ended: hangup (served by the menus alone)]" in result.stdout
    assert DEMO_PIN not in result.output


@pytest.mark.usefixtures("cli_env")
def test_given_an_agent_request_at_the_terminal_then_the_transfer_is_shown(live: str) -> None:
    result = CliRunner().invoke(cli, ["call", "--from", LINE, "--url", live], input="0\n")

    assert result.exit_code == 0, result.output
    # the back office picks the destination (the queue, or night service when nobody is in)
    transferred = re.compile(r"^\[transferred to agent queue: callcenter_\w+\]$", re.MULTILINE)
    assert transferred.search(result.stdout)


def test_given_no_back_office_when_calling_then_a_clear_error_and_no_traceback() -> None:
    result = CliRunner().invoke(cli, ["call", "--keys", "2,1", "--url", "http://127.0.0.1:9"])

    assert result.exit_code == 1
    assert "cannot reach the back office at http://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_given_the_wrong_service_token_then_the_error_names_the_setting(
        monkeypatch: pytest.MonkeyPatch, live: str) -> None:
    from backoffice.config import get_settings

    monkeypatch.setenv("CALLCENTER_IVR_SERVICE_TOKEN", "not-the-server-token")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["call", "--keys", "0", "--url", live])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 1
    assert "CALLCENTER_IVR_SERVICE_TOKEN" in result.stderr
    assert "not-the-server-token" not in result.output


@pytest.mark.parametrize("args", [["--keys", "2,a"], ["--from", "13800-1"], ["--lang", "fr"]])
def test_given_bad_options_then_usage_error_without_calling(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["call", "--url", "http://127.0.0.1:9", *args])

    assert result.exit_code == 2
    assert "cannot reach" not in result.output
