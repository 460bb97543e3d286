"""`callcenter call`: phone the IVR from a terminal, against a running back office.

The real call-flow engine runs here and talks to the back office over HTTP with the IVR
service token, exactly as the FreeSWITCH scripts do, so what you hear is what a caller
hears. Interactive by default; `--keys` runs a script of key presses and prints the
prompt files played, one per line, relative to `sounds/` (e.g. `zh/menu/main.wav`), so a
menu change can be checked by a script:

    callcenter call --from 13800000001 --keys "2,1,135790#,"
"""

from __future__ import annotations

import re
import uuid
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fs_scripts.backoffice_port import BackOffice
    from fs_scripts.channel import Language

DEFAULT_CALLER = "13800000001"  # the demo's first showcase line
_CALLER = re.compile(r"[0-9]{0,20}")
_KEY_ITEM = re.compile(r"[0-9*#]*")


class MenuLanguage(str, Enum):
    zh = "zh"
    en = "en"


def run_call_command(
    caller: Annotated[str, typer.Option(
        "--from", help="the calling number (caller ID); empty for a withheld number")
    ] = DEFAULT_CALLER,
    keys: Annotated[str | None, typer.Option(
        help='keys to press, one comma-separated item per prompt that waits for keys; an '
             'empty item is silence (a timeout), e.g. "2,1,135790#,". Prints the prompt '
             "files played instead of captions.")] = None,
    url: Annotated[str | None, typer.Option(
        help="the back office's base URL (default: http://<host>:<port> from the settings)")
    ] = None,
    lang: Annotated[MenuLanguage, typer.Option(
        help="the menu language until the caller chooses one")] = MenuLanguage.zh,
) -> None:
    """Phone the IVR from this terminal (the real menus, against a running back office)."""
    from backoffice.cli_settings import settings_or_exit as get_settings
    from fs_scripts.client import HttpBackOffice

    if not _CALLER.fullmatch(caller):
        raise typer.BadParameter("digits only, at most 20", param_hint="--from")
    if keys is not None and not all(_KEY_ITEM.fullmatch(item.strip()) for item in keys.split(",")):
        raise typer.BadParameter("items may hold only 0-9, * and #", param_hint="--keys")
    settings = get_settings()
    base_url = (url or default_url(settings.host, settings.port)).rstrip("/")
    problem = backoffice_problem(base_url, settings.ivr_service_token)
    if problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1)
    office = HttpBackOffice(base_url, settings.ivr_service_token)
    call_id = f"term-{uuid.uuid4().hex}"
    language: Language = "en" if lang is MenuLanguage.en else "zh"
    try:
        if keys is None:
            _interactive(office, call_id, caller, language, base_url)
        else:
            for played in _scripted(office, call_id, caller, language, keys):
                typer.echo(played)
    finally:
        office.close()


def default_url(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def backoffice_problem(base_url: str, token: str) -> str | None:
    """Why the back office at `base_url` cannot take a call, or None when it can."""
    import httpx

    try:
        with httpx.Client(base_url=base_url, timeout=httpx.Timeout(3.0)) as http:
            health = http.get("/healthz")
            if health.status_code != 200:
                return f"{base_url} does not look like the back office (/healthz: HTTP {health.status_code})"
            auth = http.get("/ivr/v1/flows/main", headers={"Authorization": f"Bearer {token}"})
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return (f"cannot reach the back office at {base_url} ({type(exc).__name__}); "
                "start it with `callcenter serve`, or pass --url")
    if auth.status_code in (401, 403):
        return (f"the back office at {base_url} refused the IVR service token; set "
                "CALLCENTER_IVR_SERVICE_TOKEN to the server's value")
    if auth.status_code >= 500:
        return f"the back office at {base_url} is failing (HTTP {auth.status_code})"
    return None


def _scripted(office: BackOffice, call_id: str, caller: str, lang: Language,
              keys: str) -> list[str]:
    from backoffice.simulator.prompt_media import relative_wav
    from fs_scripts import prompts
    from fs_scripts.flows import FlowConfig, run_call
    from fs_scripts.flows.scripted import ScriptedChannel

    channel = ScriptedChannel.from_keys(keys, caller_number=caller, call_id=call_id,
                                        language=lang, known_prompts=prompts.catalogue())
    run_call(channel, office, config=FlowConfig(default_language=lang))
    return [relative_wav(prompt_id, language)
            for prompt_id, language in channel.heard_with_language()]


def _interactive(office: BackOffice, call_id: str, caller: str, lang: Language,
                 base_url: str) -> None:
    from backoffice.simulator.terminal_channel import TerminalChannel
    from fs_scripts.flows import FlowConfig, run_call

    typer.echo(f"Calling the IVR at {base_url} from {caller or 'a withheld number'}.")
    typer.echo("Type keys (0-9 * #) and Enter; an empty line is silence; Ctrl-D hangs up.")
    channel = TerminalChannel(call_id, caller, language=lang)
    result = run_call(channel, office, config=FlowConfig(default_language=lang))
    contained = " (served by the menus alone)" if result.contained else ""
    typer.echo(f"[call ended: {result.outcome}{contained}]")
