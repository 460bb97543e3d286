"""Guards for where the engine runs: inside FreeSWITCH's embedded Python (standard library
only), speaking only prompts the catalogue has."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from fs_scripts import prompts
from fs_scripts.flows.actions.faults import CAUSES
from fs_scripts.flows.actions.info import TOPICS
from fs_scripts.flows.actions.pin_change import REFUSAL_PROMPTS as PIN_REFUSALS
from fs_scripts.flows.actions.recharge import REFUSAL_PROMPTS as CARD_REFUSALS
from fs_scripts.flows.actions.self_service import REFUSAL_PROMPTS as SERVICE_REFUSALS
from fs_scripts.flows.actions.tickets import STATE_PROMPTS

FS_SCRIPTS = Path(__file__).resolve().parents[3] / "fs_scripts"
ENGINE_FILES = [
    *sorted((FS_SCRIPTS / "flows").rglob("*.py")),
    FS_SCRIPTS / "channel.py",
    FS_SCRIPTS / "backoffice_port.py",
]
PROMPT_LITERAL = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)+(@(zh|en))?$")


def imported_top_level_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def test_the_engine_imports_only_the_standard_library_and_fs_scripts() -> None:
    allowed = set(sys.stdlib_module_names) | {"fs_scripts", "__future__"}

    foreign = {
        path.name: sorted(imported_top_level_modules(path) - allowed) for path in ENGINE_FILES
    }

    assert {name: mods for name, mods in foreign.items() if mods} == {}


def test_every_prompt_id_written_in_the_engine_is_in_the_catalogue() -> None:
    catalogue = prompts.catalogue()
    literals = {
        node.value
        for path in ENGINE_FILES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and PROMPT_LITERAL.match(node.value)
    }

    assert len(literals) > 40
    assert sorted(p for p in literals if p.split("@")[0] not in catalogue) == []


def test_every_prompt_id_built_from_data_is_in_the_catalogue() -> None:
    catalogue = prompts.catalogue()
    built = [
        *(f"fault/cause/{cause}" for cause in CAUSES),
        *(f"info/{topic}" for topic in TOPICS),
        *PIN_REFUSALS.values(),
        *CARD_REFUSALS.values(),
        *SERVICE_REFUSALS.values(),
        *STATE_PROMPTS.values(),
    ]

    assert [p for p in built if p not in catalogue] == []


def test_my_prompt_file_defines_only_flow_prompts() -> None:
    import tomllib

    with (prompts.sounds_dir() / "prompts" / "ivr.toml").open("rb") as file:
        ids = list(tomllib.load(file))

    assert ids and all(prompt_id.startswith("flow/") for prompt_id in ids)
