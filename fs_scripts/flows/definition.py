"""Menu trees as data: the JSON-able flow document and its checked, typed form.

A flow document (served by the back office, or `builtin.BUILTIN_FLOW`) looks like::

    {
      "name": "main", "version": "builtin-1", "start": "main",
      "after_action": "after_action",           # menu offered once an action is done
      "defaults": {"timeout_ms": 10000, "digit_timeout_ms": 3000, "max_failures": 3,
                   "max_timeouts": 3, "on_exhausted": "agent", "agent_skill": "general"},
      "language": {"prompt": ["ivr/choose_language@zh", "ivr/choose_language@en"],
                   "keys": {"1": "zh", "2": "en"}, "default": "zh"},
      "menus": {
        "main": {"prompt": ["menu/main"], "keys": {
            "2": {"menu": "queries"},                                  # submenu
            "5": {"action": "change_pin"},                             # one action
            "1": {"actions": [{"action": "read_balance"},              # several in a row
                              {"action": "read_bill"}]},
            "3": {"action": "play_info", "params": {"topic": "tariffs"},
                  "then": "main"},                                     # where to go after
            "9": {"replay": true}}},                                   # run the last action again
        ...}
    }

Any menu key may be given; keys a menu leaves out keep their meaning everywhere:
`*` back, `0` agent (the menu's `agent_skill`), `#` repeat the menu. A menu may override
any default (timeouts, limits, `on_exhausted` "agent" | "goodbye", `agent_skill`; a menu
without `agent_skill` inherits the one of the menu it was reached from).

`parse_flow` checks the whole document (menus exist, actions and their parameters are
known) so that a bad document is refused at load time, never in the middle of a call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from fs_scripts.channel import LANGUAGES, Language

KEYS = frozenset("0123456789*#")
OnExhausted = Literal["agent", "goodbye"]
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_PROMPT = re.compile(r"^[a-z0-9_]+(?:/[a-z0-9_]+)*(?:@(?:zh|en))?$")


class FlowError(ValueError):
    """A flow document is malformed; the message says where."""


@dataclass(frozen=True)
class Param:
    """One parameter an action accepts in a flow document."""

    type: type
    required: bool = True
    choices: tuple[object, ...] | None = None


@dataclass(frozen=True)
class ActionSpec:
    """An action handler and the parameters a flow document may pass it."""

    handler: Callable[..., None]
    params: Mapping[str, Param] = field(default_factory=dict)
    check: Callable[[Mapping[str, Any]], str | None] | None = None  # cross-parameter rule


@dataclass(frozen=True)
class Step:
    action: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class GoTo:
    menu: str


@dataclass(frozen=True)
class Run:
    steps: tuple[Step, ...]
    then: str | None = None  # None: the flow's after-action menu


@dataclass(frozen=True)
class Replay:
    """Run the most recent action(s) again ("to hear this again, press 1")."""


Target = GoTo | Run | Replay


@dataclass(frozen=True)
class MenuSettings:
    timeout_ms: int = 10_000
    digit_timeout_ms: int = 3_000
    max_failures: int = 3
    max_timeouts: int = 3
    on_exhausted: OnExhausted = "agent"
    agent_skill: str | None = "general"


@dataclass(frozen=True)
class Menu:
    id: str
    prompt: tuple[str, ...]
    keys: Mapping[str, Target]
    settings: MenuSettings


@dataclass(frozen=True)
class LanguageMenu:
    prompt: tuple[str, ...]
    keys: Mapping[str, Language]
    default: Language
    max_tries: int = 2


@dataclass(frozen=True)
class Flow:
    name: str
    version: str
    start: str
    after_action: str
    defaults: MenuSettings
    menus: Mapping[str, Menu]
    language: LanguageMenu | None = None


def parse_flow(data: Mapping[str, Any], actions: Mapping[str, ActionSpec]) -> Flow:
    """Check a flow document against the known `actions` and return its typed form."""
    doc = _mapping(data, "flow")
    defaults = _settings(_mapping(doc.get("defaults", {}), "defaults"), MenuSettings(), "defaults")
    if defaults.agent_skill is None:
        raise FlowError("defaults: agent_skill is required")
    menus_doc = _mapping(doc.get("menus"), "menus")
    menus = {
        menu_id: _menu(menu_id, _mapping(menu_doc, f"menus.{menu_id}"), defaults, actions)
        for menu_id, menu_doc in menus_doc.items()
    }
    flow = Flow(
        name=_string(doc.get("name"), "name"),
        version=_string(doc.get("version"), "version"),
        start=_string(doc.get("start"), "start"),
        after_action=_string(doc.get("after_action"), "after_action"),
        defaults=defaults,
        menus=menus,
        language=_language_menu(doc["language"]) if doc.get("language") is not None else None,
    )
    _check_references(flow)
    return flow


def _menu(
    menu_id: str, doc: Mapping[str, Any], defaults: MenuSettings, actions: Mapping[str, ActionSpec]
) -> Menu:
    where = f"menus.{menu_id}"
    if not _NAME.match(menu_id):
        raise FlowError(f"{where}: menu ids are lowercase words")
    inherited = MenuSettings(**{**defaults.__dict__, "agent_skill": None})
    keys_doc = _mapping(doc.get("keys"), f"{where}.keys")
    keys: dict[str, Target] = {}
    for key, target in keys_doc.items():
        if key not in KEYS:
            raise FlowError(f"{where}.keys: {key!r} is not a phone key")
        keys[key] = _target(_mapping(target, f"{where}.keys.{key}"), f"{where}.keys.{key}", actions)
    return Menu(
        id=menu_id,
        prompt=_prompts(doc.get("prompt"), f"{where}.prompt"),
        keys=keys,
        settings=_settings(doc, inherited, where),
    )


def _target(doc: Mapping[str, Any], where: str, actions: Mapping[str, ActionSpec]) -> Target:
    kinds = [kind for kind in ("menu", "action", "actions", "replay") if kind in doc]
    if len(kinds) != 1:
        raise FlowError(f"{where}: give exactly one of menu, action, actions, replay")
    kind = kinds[0]
    if kind == "menu":
        return GoTo(_string(doc["menu"], f"{where}.menu"))
    if kind == "replay":
        return Replay()
    then = _string(doc["then"], f"{where}.then") if doc.get("then") is not None else None
    if kind == "action":
        return Run((_step(doc, where, actions),), then)
    steps_doc = doc["actions"]
    if not isinstance(steps_doc, list) or not steps_doc:
        raise FlowError(f"{where}.actions: expected a non-empty list")
    steps = tuple(
        _step(_mapping(step, f"{where}.actions[{i}]"), f"{where}.actions[{i}]", actions)
        for i, step in enumerate(steps_doc)
    )
    return Run(steps, then)


def _step(doc: Mapping[str, Any], where: str, actions: Mapping[str, ActionSpec]) -> Step:
    name = _string(doc.get("action"), f"{where}.action")
    spec = actions.get(name)
    if spec is None:
        raise FlowError(f"{where}: unknown action {name!r}")
    params = dict(_mapping(doc.get("params", {}), f"{where}.params"))
    unknown = sorted(params.keys() - spec.params.keys())
    if unknown:
        raise FlowError(f"{where}: action {name!r} takes no parameter {unknown[0]!r}")
    for param_name, rule in spec.params.items():
        if param_name not in params:
            if rule.required:
                raise FlowError(f"{where}: action {name!r} needs parameter {param_name!r}")
            continue
        value = params[param_name]
        if not isinstance(value, rule.type) or (rule.type is int and isinstance(value, bool)):
            raise FlowError(f"{where}.params.{param_name}: expected {rule.type.__name__}")
        if rule.choices is not None and value not in rule.choices:
            raise FlowError(f"{where}.params.{param_name}: expected one of {rule.choices}")
        if isinstance(value, str) and not _NAME.match(value):
            raise FlowError(f"{where}.params.{param_name}: expected a lowercase word")
    problem = spec.check(params) if spec.check else None
    if problem:
        raise FlowError(f"{where}: {problem}")
    return Step(name, params)


def _language_menu(raw: object) -> LanguageMenu:
    doc = _mapping(raw, "language")
    keys_doc = _mapping(doc.get("keys"), "language.keys")
    keys: dict[str, Language] = {}
    for key, lang in keys_doc.items():
        keys[key] = _language(lang, f"language.keys.{key}")
        if key not in KEYS:
            raise FlowError(f"language.keys: {key!r} is not a phone key")
    max_tries = doc.get("max_tries", 2)
    if not isinstance(max_tries, int) or isinstance(max_tries, bool) or max_tries < 1:
        raise FlowError("language.max_tries: expected a positive integer")
    return LanguageMenu(
        prompt=_prompts(doc.get("prompt"), "language.prompt"),
        keys=keys,
        default=_language(doc.get("default"), "language.default"),
        max_tries=max_tries,
    )


def _settings(doc: Mapping[str, Any], base: MenuSettings, where: str) -> MenuSettings:
    values: dict[str, Any] = dict(base.__dict__)
    for name in ("timeout_ms", "digit_timeout_ms", "max_failures", "max_timeouts"):
        if name in doc:
            value = doc[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise FlowError(f"{where}.{name}: expected a positive integer")
            values[name] = value
    if "on_exhausted" in doc:
        if doc["on_exhausted"] not in ("agent", "goodbye"):
            raise FlowError(f"{where}.on_exhausted: expected 'agent' or 'goodbye'")
        values["on_exhausted"] = doc["on_exhausted"]
    if "agent_skill" in doc:
        skill = _string(doc["agent_skill"], f"{where}.agent_skill")
        if not _NAME.match(skill):
            raise FlowError(f"{where}.agent_skill: expected a lowercase word")
        values["agent_skill"] = skill
    return MenuSettings(**values)


def _check_references(flow: Flow) -> None:
    for name, menu_id in (("start", flow.start), ("after_action", flow.after_action)):
        if menu_id not in flow.menus:
            raise FlowError(f"{name}: no menu {menu_id!r}")
    for menu in flow.menus.values():
        for key, target in menu.keys.items():
            goes_to = target.menu if isinstance(target, GoTo) else getattr(target, "then", None)
            if goes_to is not None and goes_to not in flow.menus:
                raise FlowError(f"menus.{menu.id}.keys.{key}: no menu {goes_to!r}")


def _prompts(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise FlowError(f"{where}: expected a non-empty list of prompt ids")
    for prompt in raw:
        if not isinstance(prompt, str) or not _PROMPT.match(prompt):
            raise FlowError(f"{where}: {prompt!r} is not a prompt id")
    return tuple(raw)


def _language(raw: object, where: str) -> Language:
    for language in LANGUAGES:
        if raw == language:
            return language
    raise FlowError(f"{where}: expected one of {LANGUAGES}")


def _mapping(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise FlowError(f"{where}: expected an object")
    return raw


def _string(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise FlowError(f"{where}: expected a non-empty string")
    return raw
