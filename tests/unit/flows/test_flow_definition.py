"""Flow documents: the built-in tree is complete and checked; bad documents are refused;
the back office's version is cached with the built-in tree as fallback."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from fs_scripts import prompts
from fs_scripts.backoffice_port import FlowDocument
from fs_scripts.flows import BUILTIN_FLOW, BUILTIN_VERSION, FlowError, load_flow
from fs_scripts.flows.definition import GoTo, Replay, Run
from fs_scripts.flows.loader import FlowCache
from tests.unit.flows.fake_backoffice import FakeBackOffice
from tests.unit.flows.support import call


def flow_with(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(BUILTIN_FLOW)
    document.update(changes)
    return document


def test_the_builtin_flow_is_valid_json_and_versioned() -> None:
    flow = load_flow(json.loads(json.dumps(BUILTIN_FLOW)))

    assert flow.version == BUILTIN_VERSION
    assert flow.start == "main"


def test_the_builtin_main_menu_has_the_keys_of_the_specification() -> None:
    flow = load_flow(BUILTIN_FLOW)
    main = flow.menus["main"].keys

    assert {key: target.menu for key, target in main.items() if isinstance(target, GoTo)} == {
        "1": "consult",
        "2": "queries",
        "3": "changes",
        "4": "complaints",
        "5": "pin",
    }
    assert isinstance(main["0"], Run) and main["0"].steps[0].params == {"skill": "general"}
    queries = flow.menus["queries"].keys
    assert [step.action for step in queries["1"].steps] == ["read_balance", "read_bill"]  # type: ignore[union-attr]
    assert isinstance(flow.menus["after_action"].keys["1"], Replay)


def test_every_prompt_of_the_builtin_flow_is_in_the_catalogue() -> None:
    catalogue = prompts.catalogue()
    flow = load_flow(BUILTIN_FLOW)
    used = [p for menu in flow.menus.values() for p in menu.prompt]
    used += list(flow.language.prompt if flow.language else ())

    missing = [p for p in used if p.split("@")[0] not in catalogue]

    assert missing == []


def test_every_menu_is_reachable_from_the_start() -> None:
    flow = load_flow(BUILTIN_FLOW)
    seen, todo = set(), [flow.start, flow.after_action]
    while todo:
        menu_id = todo.pop()
        if menu_id in seen:
            continue
        seen.add(menu_id)
        todo += [t.menu for t in flow.menus[menu_id].keys.values() if isinstance(t, GoTo)]

    assert seen == set(flow.menus)


def test_the_language_menu_is_bilingual() -> None:
    flow = load_flow(BUILTIN_FLOW)

    assert flow.language is not None
    assert flow.language.prompt == ("ivr/choose_language@zh", "ivr/choose_language@en")
    assert dict(flow.language.keys) == {"1": "zh", "2": "en"}


def test_default_timeouts_are_ten_seconds_and_three_between_digits() -> None:
    defaults = load_flow(BUILTIN_FLOW).defaults

    assert (defaults.timeout_ms, defaults.digit_timeout_ms) == (10_000, 3_000)
    assert (defaults.max_failures, defaults.max_timeouts) == (3, 3)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["menus"]["main"]["keys"].update({"7": {"menu": "nowhere"}}),
            "no menu 'nowhere'",
        ),
        (
            lambda d: d["menus"]["main"]["keys"].update({"7": {"action": "format_disk"}}),
            "unknown action",
        ),
        (lambda d: d["menus"]["main"]["keys"].update({"x": {"menu": "main"}}), "not a phone key"),
        (lambda d: d["menus"]["main"]["keys"].update({"7": {}}), "exactly one of"),
        (
            lambda d: d["menus"]["main"]["keys"].update(
                {"7": {"action": "play_info", "params": {"topic": "lottery"}}}
            ),
            "expected one of",
        ),
        (
            lambda d: d["menus"]["main"]["keys"].update(
                {"7": {"action": "to_queue", "params": {"skill": "general", "x": 1}}}
            ),
            "no parameter 'x'",
        ),
        (
            lambda d: d["menus"]["main"]["keys"].update({"7": {"action": "to_queue"}}),
            "needs parameter",
        ),
        (
            lambda d: d["menus"]["main"]["keys"].update(
                {"7": {"action": "self_service_change", "params": {"change": "plan"}}}
            ),
            "plan code",
        ),
        (lambda d: d["menus"]["main"].update({"prompt": ["../../etc/passwd"]}), "not a prompt id"),
        (lambda d: d["menus"]["main"].update({"timeout_ms": 0}), "positive integer"),
        (lambda d: d["menus"]["main"].update({"on_exhausted": "hangup"}), "'agent' or 'goodbye'"),
        (lambda d: d.update({"start": "lobby"}), "start: no menu"),
        (lambda d: d["language"].update({"default": "fr"}), "expected one of"),
    ],
)
def test_a_bad_flow_document_is_refused_with_a_message_saying_where(change, message) -> None:  # type: ignore[no-untyped-def]
    document = copy.deepcopy(BUILTIN_FLOW)
    change(document)

    with pytest.raises(FlowError, match=message):
        load_flow(document)


def test_a_flow_without_a_language_menu_goes_straight_to_the_main_menu() -> None:
    office = FakeBackOffice()
    office.lines.clear()

    played = call(["0"], backoffice=office, flow=flow_with(language=None))

    assert played.heard[:2] == ["ivr/welcome", "menu/main"]


def test_a_menu_can_redefine_zero_and_end_with_goodbye() -> None:
    document = flow_with()
    document["menus"]["main"]["keys"]["0"] = {"action": "play_info", "params": {"topic": "other"}}
    document["menus"]["main"]["on_exhausted"] = "goodbye"

    played = call(["0", "*", "9", "9", "9"], flow=document)

    assert "info/other" in played.heard
    assert played.heard[-2:] == ["ivr/too_many_errors", "ivr/goodbye"]
    assert played.backoffice.calls_to("enqueue") == []


# --- the cache of the back office's flow --------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def served(version: str, **changes: Any) -> FlowDocument:
    return FlowDocument("main", version, flow_with(version=version, **changes))


def test_without_a_served_flow_the_builtin_one_is_used() -> None:
    cache = FlowCache(Clock())

    assert cache.get(FakeBackOffice(), "main", 60).version == BUILTIN_VERSION


def test_a_served_flow_is_used_and_only_rechecked_after_the_refresh_interval() -> None:
    clock, office = Clock(), FakeBackOffice()
    cache = FlowCache(clock)
    office.flows["main"] = served("v7")

    assert cache.get(office, "main", 60).version == "v7"
    clock.now += 30
    assert cache.get(office, "main", 60).version == "v7"
    assert len(office.calls_to("flow")) == 1
    clock.now += 31
    office.flows["main"] = served("v8")
    assert cache.get(office, "main", 60).version == "v8"
    assert office.calls_to("flow")[-1] == {"name": "main", "known_version": "v7"}


def test_a_broken_served_flow_is_refused_and_the_last_good_one_stays() -> None:
    clock, office = Clock(), FakeBackOffice()
    cache = FlowCache(clock)
    office.flows["main"] = served("v1")
    cache.get(office, "main", 60)
    office.flows["main"] = served("v2", start="nowhere")
    clock.now += 61

    assert cache.get(office, "main", 60).version == "v1"


def test_when_the_back_office_is_down_the_builtin_flow_serves() -> None:
    office = FakeBackOffice()
    office.go_down("flow")

    assert FlowCache(Clock()).get(office, "main", 60).version == BUILTIN_VERSION
