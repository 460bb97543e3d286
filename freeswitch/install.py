#!/usr/bin/env python3
"""`make fs-install`: put the call center's overlay into a FreeSWITCH configuration folder.

It never builds, downloads or starts FreeSWITCH. Run it with the interpreter FreeSWITCH
embeds (FS_PYTHON, Debian 12: /usr/bin/python3), usually as root:

    CALLCENTER_ESL_PASSWORD=... CALLCENTER_AGENT_SIP_PASSWORD=... \
        python3 freeswitch/install.py --conf /etc/freeswitch

1. checks the folder is a FreeSWITCH configuration (freeswitch.xml, vars.xml,
   autoload_configs/modules.conf.xml) and that this interpreter can import what the IVR
   needs (Python 3.11+, httpx);
2. copies freeswitch/conf/ into it; a file replaced for the first time is kept beside it
   as <name>.orig-callcenter (FreeSWITCH loads only *.xml);
3. renders vars_callcenter.xml from the environment, refusing an empty or factory-default
   event-socket password and a weak agent password, and includes it from vars.xml;
4. loads mod_python3 from autoload_configs/modules.conf.xml;
5. writes callcenter.pth into this interpreter's site-packages (the repository and
   freeswitch/scripts), so `python callcenter_ivr` imports the project.

Running it again is harmless: it rewrites the overlay and changes nothing twice.
Standard library only.
"""

from __future__ import annotations

import argparse
import grp
import importlib.util
import os
import re
import shutil
import site
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OVERLAY = Path(__file__).resolve().parent / "conf"
VARS_FILE = "vars_callcenter.xml"
PTH_FILE = "callcenter.pth"
BACKUP_SUFFIX = ".orig-callcenter"
MARKER = "callcenter overlay"
VARS_INCLUDE = f'<X-PRE-PROCESS cmd="include" data="{VARS_FILE}"/>'
MODULE = "mod_python3"

# What may go into the rendered file: the values end up inside XML attributes read by
# FreeSWITCH's line-based preprocessor, so no quotes, angle brackets, ampersands, dollars
# or spaces.
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9._~+=:/@%-]*$")
_PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FACTORY_ESL_PASSWORD = "cluecon"


class InstallError(Exception):
    """The installation cannot go on; the message says what to do."""


def settings_from_env(
    environ: Mapping[str, str], repo: Path = REPO
) -> tuple[dict[str, str], list[str]]:
    """The values of vars_callcenter.xml, and warnings worth reading."""
    warnings: list[str] = []
    esl = environ.get("CALLCENTER_ESL_PASSWORD", "")
    if not esl:
        raise InstallError(
            "set CALLCENTER_ESL_PASSWORD (the event-socket password; the ESL "
            "listener uses the same variable)"
        )
    if esl.lower() == _FACTORY_ESL_PASSWORD:
        raise InstallError(
            "CALLCENTER_ESL_PASSWORD is FreeSWITCH's factory default: choose another"
        )
    if len(esl) < 16 or esl.startswith("dev-only-"):
        warnings.append(
            "CALLCENTER_ESL_PASSWORD is short or a development value; the back "
            "office refuses it outside dev mode"
        )
    agent = environ.get("CALLCENTER_AGENT_SIP_PASSWORD", "")
    if len(agent) < 8 or agent == "1234":
        raise InstallError(
            "set CALLCENTER_AGENT_SIP_PASSWORD (the agents' SIP password, at least 8 characters)"
        )
    token = environ.get("CALLCENTER_IVR_SERVICE_TOKEN", "")
    if not token:
        warnings.append(
            "CALLCENTER_IVR_SERVICE_TOKEN is not set: the IVR will present the "
            "development token, which a production back office refuses"
        )
    url = environ.get("CALLCENTER_BACKOFFICE_URL", "") or "http://127.0.0.1:8000"
    if not re.match(r"^https?://", url):
        raise InstallError("CALLCENTER_BACKOFFICE_URL must start with http:// or https://")
    number = environ.get("CALLCENTER_SERVICE_NUMBER", "") or "10000"
    if not re.fullmatch(r"[0-9]{3,20}", number):
        raise InstallError("CALLCENTER_SERVICE_NUMBER must be 3 to 20 digits")
    values = {
        "CALLCENTER_ESL_PASSWORD": esl,
        "CALLCENTER_AGENT_SIP_PASSWORD": agent,
        "CALLCENTER_BACKOFFICE_URL": url,
        "CALLCENTER_IVR_SERVICE_TOKEN": token,
        "CALLCENTER_SERVICE_NUMBER": number,
        "CALLCENTER_SOUNDS_DIR": str(repo / "sounds"),
    }
    for name, value in values.items():
        if not _SAFE_VALUE.match(value):
            raise InstallError(f"{name} may hold only letters, digits and . _ ~ + = : / @ % -")
    return values, warnings


def render_vars(template: str, values: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise InstallError(f"the template names an unknown setting {match.group(1)}")
        return values[match.group(1)]

    return _PLACEHOLDER.sub(value, template)


def include_vars(vars_xml: str) -> str:
    """vars.xml with the include of our variables just before its closing tag.

    The check looks at the raw text: FreeSWITCH's preprocessor runs X-PRE-PROCESS lines
    even inside XML comments."""
    if VARS_INCLUDE in vars_xml:
        return vars_xml
    end = vars_xml.rfind("</include>")
    if end < 0:
        raise InstallError("vars.xml has no closing </include>")
    line = f"  <!-- {MARKER}: the call center's variables -->\n  {VARS_INCLUDE}\n"
    return vars_xml[:end] + line + vars_xml[end:]


def load_module(modules_xml: str, module: str = MODULE) -> str:
    """modules.conf.xml with `module` loaded (a commented-out line does not count)."""
    if re.search(rf'<load\s+module="{module}"', _COMMENT.sub("", modules_xml)):
        return modules_xml
    opening = re.search(r"<modules>[^\n]*\n", modules_xml)
    if opening is None:
        raise InstallError("modules.conf.xml has no <modules> section")
    line = f'    <load module="{module}"/>  <!-- {MARKER}: the IVR -->\n'
    return modules_xml[: opening.end()] + line + modules_xml[opening.end() :]


def _backup_once(path: Path) -> None:
    """Keep FreeSWITCH's own version of a file we are about to change."""
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    if path.exists() and not backup.exists() and MARKER not in path.read_text(errors="replace"):
        shutil.copy2(path, backup)


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _backup_once(path)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _share_with_freeswitch(path: Path, conf: Path, messages: list[str]) -> None:
    """Give a 0640 file the group FreeSWITCH runs as (else that of freeswitch.xml)."""
    try:
        gid = grp.getgrnam("freeswitch").gr_gid
    except KeyError:
        gid = (conf / "freeswitch.xml").stat().st_gid
    try:
        os.chown(path, -1, gid)
    except PermissionError:
        messages.append(
            f"warning: could not give {path} to group {gid}; FreeSWITCH must be able to read it"
        )


def check_python() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - FS_PYTHON is not the venv's interpreter
        raise InstallError(
            f"{sys.executable} is Python {sys.version.split()[0]}; the IVR needs 3.11+"
        )
    if importlib.util.find_spec("httpx") is None:
        raise InstallError(
            f"{sys.executable} cannot import httpx, which the IVR's back-office "
            "client needs: apt-get install python3-httpx"
        )


def check_conf(conf: Path) -> None:
    for name in ("freeswitch.xml", "vars.xml", "autoload_configs/modules.conf.xml"):
        if not (conf / name).is_file():
            raise InstallError(
                f"{conf} is not a FreeSWITCH configuration folder (no {name}); set FS_CONF"
            )


def readability_warnings(repo: Path) -> list[str]:
    """FreeSWITCH runs as its own user: it must be able to reach the repository."""
    warnings = []
    for folder in (repo, *repo.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            warnings.append(
                f"warning: {folder} is closed to other users; FreeSWITCH may not "
                f"be able to import {repo}"
            )
            break
    if not (repo / "sounds" / "zh" / "ivr" / "welcome.wav").is_file():
        warnings.append("warning: the prompts are missing: run `make sounds`")
    return warnings


def install(conf: Path, site_dir: Path, environ: Mapping[str, str], repo: Path = REPO) -> list[str]:
    """Install the overlay; returns what was done and what to look at."""
    check_conf(conf)
    values, warnings = settings_from_env(environ, repo)
    messages = [f"warning: {w}" for w in warnings]
    for source in sorted(OVERLAY.rglob("*.xml")):
        relative = source.relative_to(OVERLAY)
        text = source.read_text(encoding="utf-8")
        if relative.name == VARS_FILE:
            target = conf / relative
            _write(target, render_vars(text, values), 0o640)
            _share_with_freeswitch(target, conf, messages)
        else:
            _write(conf / relative, text)
        messages.append(f"installed {conf / relative}")
    vars_xml = conf / "vars.xml"
    _write(vars_xml, include_vars(vars_xml.read_text(encoding="utf-8")))
    modules = conf / "autoload_configs" / "modules.conf.xml"
    _write(modules, load_module(modules.read_text(encoding="utf-8")))
    messages.append(f"{vars_xml.name} includes {VARS_FILE}; {modules.name} loads {MODULE}")
    site_dir.mkdir(parents=True, exist_ok=True)
    pth = site_dir / PTH_FILE
    pth.write_text(f"{repo}\n{repo / 'freeswitch' / 'scripts'}\n", encoding="utf-8")
    pth.chmod(0o644)
    messages.append(f"wrote {pth}: the switch's Python imports fs_scripts and callcenter_ivr")
    messages.extend(readability_warnings(repo))
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", type=Path, required=True, help="FreeSWITCH configuration folder")
    parser.add_argument(
        "--site-packages",
        type=Path,
        default=Path(site.getsitepackages()[0]),
        help="site-packages of the interpreter FreeSWITCH embeds",
    )
    args = parser.parse_args(argv)
    try:
        check_python()
        messages = install(args.conf, args.site_packages, os.environ)
    except (InstallError, OSError) as error:
        print(f"fs-install: {error}", file=sys.stderr)
        return 1
    for message in messages:
        print(f"fs-install: {message}")
    print(
        "fs-install: done. Restart FreeSWITCH (systemctl restart freeswitch), then check "
        "with: fs_cli -x 'python callcenter_ivr'"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
