"""The mod_python3 entry: reloaded per call, never leaves a caller stranded, reports readiness."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

from fs_scripts import entry
from fs_scripts.backoffice_port import BackOfficeUnavailable, FlowDocument
from fs_scripts.client import DEFAULT_URL, DEV_TOKEN, HttpBackOffice
from fs_scripts.flows import FlowConfig
from fs_scripts.fs_backoffice import (
    SkillNotingBackOffice,
    backoffice_for_switch,
    backoffice_target,
)
from fs_scripts.fs_logging import ConsoleLogHandler, console_level, install_console_logging
from fs_scripts.fs_options import CONVERTERS, read_options
from tests.unit.binding.fake_freeswitch import Session, Switch
from tests.unit.binding.support import FREESWITCH_DIR, heard, office, switch
from tests.unit.flows.fake_backoffice import CUSTOMER, QUEUE_DESTINATION, FakeBackOffice

__all__ = ["office", "switch"]  # fixtures


@pytest.fixture
def entry_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """`callcenter_ivr` imported the way mod_python3 does: by name, from the scripts folder."""
    monkeypatch.syspath_prepend(str(FREESWITCH_DIR / "scripts"))
    monkeypatch.delitem(sys.modules, "callcenter_ivr", raising=False)
    yield importlib.import_module("callcenter_ivr")
    sys.modules.pop("callcenter_ivr", None)


def fail_run_call(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def run_call(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(entry, "run_call", run_call)


# --- the entry module ----------------------------------------------------------------


def test_the_entry_module_keeps_working_when_freeswitch_reloads_it_on_every_call(
    switch: Switch, office: FakeBackOffice, entry_module: ModuleType
) -> None:
    transfers = []
    for _ in range(3):
        module = importlib.reload(entry_module)
        session = Session(["0"], caller_number=CUSTOMER)
        module.handler(session, "")
        transfers.append(session.transfers)

    assert transfers == [[(QUEUE_DESTINATION, "XML", "callcenter")]] * 3
    handlers = logging.getLogger("fs_scripts").handlers
    assert sum(isinstance(h, ConsoleLogHandler) for h in handlers) == 1


def test_the_entry_module_holds_nothing_but_the_two_entry_points(entry_module: ModuleType) -> None:
    public = {name for name in vars(entry_module) if not name.startswith("__")}

    assert public == {"handler", "fsapi"}
    assert entry_module.handler is entry.handler


# --- nobody is left in silence -----------------------------------------------------------


def test_given_the_engine_raises_then_the_caller_hears_an_apology_and_goes_to_agent_fallback(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_run_call(monkeypatch, RuntimeError("boom"))
    session = Session()

    entry.handler(session, "")

    assert heard(session) == ["ivr/system_unavailable"]
    assert session.transfers == [("agent_fallback", "XML", "callcenter")]
    errors = [message for level, message in switch.console if level == "err"]
    assert errors and session.uuid in errors[0] and "RuntimeError: boom" in errors[0]


def test_even_a_base_exception_is_caught(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_run_call(monkeypatch, KeyboardInterrupt())
    session = Session()

    entry.handler(session, "")

    assert session.transfers == [("agent_fallback", "XML", "callcenter")]


def test_the_rescue_uses_the_configured_fallback_and_context(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_run_call(monkeypatch, RuntimeError("boom"))
    session = Session()
    session.variables["callcenter_fallback_destination"] = "night_desk"

    entry.handler(session, "context=ivr_ctx")

    assert session.transfers == [("night_desk", "XML", "ivr_ctx")]


def test_given_the_caller_already_left_then_the_rescue_does_nothing(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_run_call(monkeypatch, RuntimeError("boom"))
    session = Session()
    session.up = False

    entry.handler(session, "")

    assert session.transfers == [] and session.streamed == []


def test_given_the_call_was_already_transferred_then_it_is_not_transferred_twice(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    def report_outcome(*args: object, **kwargs: object) -> None:
        raise SystemExit  # escapes the engine's best-effort report

    monkeypatch.setattr(office, "report_outcome", report_outcome)
    session = Session(["0"], caller_number=CUSTOMER)

    entry.handler(session, "")

    assert session.transfers == [(QUEUE_DESTINATION, "XML", "callcenter")]


def test_given_the_channel_cannot_even_be_built_then_the_session_is_still_rescued(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session()
    monkeypatch.setattr(session, "get_uuid", lambda: (_ for _ in ()).throw(RuntimeError("no uuid")))

    entry.handler(session, "")

    assert session.transfers == [("agent_fallback", "XML", "callcenter")]
    assert "call ?: IVR failed" in switch.console_text()


def test_given_the_fallback_transfer_is_refused_then_it_is_logged_and_the_dialplan_takes_over(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_run_call(monkeypatch, RuntimeError("boom"))
    session = Session(transfer_succeeds=False)

    entry.handler(session, "")  # returns: the dialplan's last actions apologise and transfer

    assert "fallback transfer to agent_fallback refused" in switch.console_text()


# --- readiness report ------------------------------------------------------------------


class _Stream:
    def __init__(self) -> None:
        self.text = ""

    def write(self, data: str) -> None:
        self.text += data


def test_the_console_command_reports_a_ready_ivr(switch: Switch, office: FakeBackOffice) -> None:
    office.flows["main"] = FlowDocument(name="main", version="v7", definition={})
    stream = _Stream()

    entry.fsapi("na", stream, object(), "")

    assert "flow main v7" in stream.text
    assert stream.text.rstrip().endswith("callcenter_ivr: ok")


def test_the_console_command_reports_an_unreachable_back_office(
    switch: Switch, office: FakeBackOffice
) -> None:
    office.go_down("flow")
    stream = _Stream()

    entry.fsapi("na", stream, object(), "")

    assert "UNREACHABLE" in stream.text
    assert stream.text.rstrip().endswith("callcenter_ivr: NOT READY")


# --- options ---------------------------------------------------------------------------


def test_options_cover_every_flow_setting() -> None:
    assert set(CONVERTERS) - {"context"} == set(FlowConfig.__dataclass_fields__)


def test_arguments_win_over_channel_variables_which_win_over_defaults() -> None:
    variables = {
        "callcenter_after_pin_failure": "agent",
        "callcenter_survey": "yes",
        "callcenter_default_language": "en",
    }

    options, problems = read_options("survey=false pin_tries_per_call=3", variables.get)

    assert problems == []
    assert options.flow == FlowConfig(
        after_pin_failure="agent", survey=False, pin_tries_per_call=3, default_language="en"
    )
    assert options.context == "callcenter"


@pytest.mark.parametrize(
    "args",
    [
        "after_pin_failure=maybe",
        "pin_tries_per_call=0",
        "survey=perhaps",
        "fallback_destination=a;b",
        "context=x/y",
        "default_language=fr",
        "flow_refresh_s=-1",
        "nonsense",
        "colour=blue",
    ],
)
def test_a_bad_option_is_reported_and_ignored(args: str) -> None:
    options, problems = read_options(args, lambda name: None)

    assert len(problems) == 1
    assert options.flow == FlowConfig() and options.context == "callcenter"


# --- where the back office is ----------------------------------------------------------------


def test_the_environment_wins_over_switch_variables() -> None:
    switch_vars = {"callcenter_backoffice_url": "http://127.0.0.1:9000"}

    target = backoffice_target({"CALLCENTER_IVR_SERVICE_TOKEN": "t" * 20}, switch_vars.get)

    assert (target.url, target.token, target.source) == (DEFAULT_URL, "t" * 20, "environment")


def test_switch_variables_configure_the_back_office_when_the_environment_does_not() -> None:
    switch_vars = {
        "callcenter_backoffice_url": "http://127.0.0.1:9000",
        "callcenter_ivr_service_token": "s" * 20,
    }

    target = backoffice_target({}, switch_vars.get)

    assert (target.url, target.token, target.source) == (
        "http://127.0.0.1:9000",
        "s" * 20,
        "switch variables",
    )
    assert "s" * 20 not in repr(target)


def test_without_settings_the_development_defaults_apply() -> None:
    target = backoffice_target({}, lambda name: "")

    assert (target.url, target.token, target.source) == (DEFAULT_URL, DEV_TOKEN, "defaults")


def test_one_client_per_setting_is_shared_by_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CALLCENTER_BACKOFFICE_URL", "CALLCENTER_IVR_SERVICE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    switch_vars = {
        "callcenter_backoffice_url": "http://127.0.0.1:9",
        "callcenter_ivr_service_token": "u" * 20,
    }

    first, second = backoffice_for_switch(switch_vars.get), backoffice_for_switch(switch_vars.get)

    assert first is second and isinstance(first, HttpBackOffice)
    with pytest.raises(BackOfficeUnavailable):  # port 9 on loopback: nobody listens
        first.flow("main")


def test_the_skill_of_each_enqueue_is_noted_and_everything_else_passes_through() -> None:
    office, noted = FakeBackOffice(), list[str]()
    noting = SkillNotingBackOffice(office, noted.append)

    ticket = noting.enqueue("call-1", "billing", 2, {"reason": "caller_request"})
    caller = noting.identify(CUSTOMER)

    assert noted == ["billing"] and ticket.destination == QUEUE_DESTINATION
    assert caller.number == CUSTOMER


# --- logging ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "name"),
    [
        (logging.DEBUG, "debug"),
        (logging.INFO, "info"),
        (logging.WARNING, "warning"),
        (logging.ERROR, "err"),
        (logging.CRITICAL, "err"),
    ],
)
def test_python_levels_map_to_freeswitch_levels(level: int, name: str) -> None:
    assert console_level(level) == name


def test_installing_twice_keeps_one_handler_pointed_at_the_latest_console(switch: Switch) -> None:
    first: list[tuple[str, str]] = []
    second: list[tuple[str, str]] = []

    install_console_logging(lambda level, msg: first.append((level, msg)), "fs_scripts.test_only")
    install_console_logging(lambda level, msg: second.append((level, msg)), "fs_scripts.test_only")
    logging.getLogger("fs_scripts.test_only.child").warning("hello %s", "there")

    logger = logging.getLogger("fs_scripts.test_only")
    assert len(logger.handlers) == 1
    assert first == []
    assert second == [("warning", "callcenter fs_scripts.test_only.child: hello there\n")]
    logger.handlers.clear()
