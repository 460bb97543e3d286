"""`python callcenter_ivr` at the FreeSWITCH console: is the IVR ready to take calls?

Answers from inside the switch's own interpreter, which is the point: it proves that
mod_python3 finds the project, that the prompts are where the IVR looks, and that the back
office answers with the configured token. The token itself is never printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import fs_scripts
from fs_scripts import prompts
from fs_scripts.backoffice_port import BackOffice, BackOfficeUnavailable
from fs_scripts.fs_backoffice import BackOfficeTarget

SAMPLE_PROMPTS = ("ivr/welcome", "ivr/system_unavailable", "menu/main")


def self_check(backoffice: BackOffice, target: BackOfficeTarget) -> tuple[bool, list[str]]:
    """(everything fine, one line per check)."""
    lines = [
        f"python: {sys.version.split()[0]} ({sys.executable or 'embedded'})",
        f"fs_scripts: {Path(fs_scripts.__file__).resolve().parent}",
    ]
    ok = _check_sounds(lines)
    ok = _check_backoffice(backoffice, target, lines) and ok
    lines.append("callcenter_ivr: " + ("ok" if ok else "NOT READY"))
    return ok, lines


def _check_sounds(lines: list[str]) -> bool:
    try:
        count = len(prompts.catalogue())
        missing = [
            path
            for prompt_id in SAMPLE_PROMPTS
            for lang in prompts.LANGS
            if not Path(path := prompts.prompt_path(prompt_id, lang)).is_file()
        ]
    except Exception as error:  # noqa: BLE001 - a broken catalogue is what this reports
        lines.append(f"sounds: {prompts.sounds_dir()}: catalogue unreadable ({error})")
        return False
    if missing:
        lines.append(f"sounds: {prompts.sounds_dir()}: missing {', '.join(missing)} (make sounds)")
        return False
    lines.append(f"sounds: {prompts.sounds_dir()} ({count} prompts)")
    return True


def _check_backoffice(backoffice: BackOffice, target: BackOfficeTarget, lines: list[str]) -> bool:
    where = f"backoffice: {target.url} (settings from {target.source})"
    try:
        document = backoffice.flow("main")
    except BackOfficeUnavailable as error:
        lines.append(f"{where}: UNREACHABLE ({error})")
        return False
    except Exception as error:  # noqa: BLE001 - e.g. not JSON: not our back office
        lines.append(f"{where}: UNUSABLE ({type(error).__name__})")
        return False
    version = document.version if document is not None else "unchanged"
    lines.append(f"{where}: answers (flow main {version})")
    return True
