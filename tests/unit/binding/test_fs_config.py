"""The FreeSWITCH configuration overlay (freeswitch/conf/): well-formed and consistent with
the IVR, the back office and the ACD."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backoffice.config import Settings
from backoffice.esl.snapshot import QUEUE_SKILL_VARIABLE
from fs_scripts.flows import FlowConfig
from fs_scripts.freeswitch_channel import DEFAULT_CONTEXT
from fs_scripts.freeswitch_channel import QUEUE_SKILL_VARIABLE as IVR_QUEUE_SKILL_VARIABLE
from tests.unit.binding.support import FREESWITCH_DIR

CONF = FREESWITCH_DIR / "conf"
XML_FILES = sorted(FREESWITCH_DIR.rglob("*.xml"))
PYTHON_CONF_PARAMS = {"xml-handler-script", "xml-handler-bindings", "startup-script"}
VANILLA_VARIABLES = {"domain"}  # set by vanilla vars.xml


def parse(relative: str) -> ET.Element:
    return ET.parse(CONF / relative).getroot()


def extensions(context_name: str = DEFAULT_CONTEXT) -> dict[str, ET.Element]:
    contexts = {c.get("name"): c for c in parse("dialplan/callcenter.xml").iter("context")}
    return {ext.get("name", ""): ext for ext in contexts[context_name].iter("extension")}


def destination_pattern(extension: ET.Element) -> re.Pattern[str]:
    (pattern,) = {
        c.get("expression")
        for c in extension.iter("condition")
        if c.get("field") == "destination_number"
    }
    assert pattern is not None
    return re.compile(pattern)


def set_variables(extension: ET.Element) -> dict[str, str]:
    pairs = (
        action.get("data", "").partition("=")
        for action in extension.iter("action")
        if action.get("application") == "set"
    )
    return {name: value for name, _, value in pairs}


def named_values(element: ET.Element | None, tag: str) -> dict[str, str]:
    """{name: value} of the <param>/<variable> children below `element`."""
    assert element is not None
    return {e.get("name", ""): e.get("value", "") for e in element.iter(tag)}


DEFAULTS = Settings(_env_file=None)  # type: ignore[call-arg]  # the back office's defaults


def rendered(text: str) -> str:
    """What FreeSWITCH's preprocessor makes of the service-number variable."""
    return text.replace("$${callcenter_service_number}", "10000")


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: str(p.relative_to(FREESWITCH_DIR)))
def test_every_xml_file_is_well_formed(path: Path) -> None:
    ET.parse(path)


def test_the_overlay_has_the_files_the_readme_promises() -> None:
    assert {str(p.relative_to(CONF)) for p in CONF.rglob("*.xml")} == {
        "vars_callcenter.xml",
        "autoload_configs/python.conf.xml",
        "autoload_configs/event_socket.conf.xml",
        "dialplan/callcenter.xml",
        "dialplan/public/callcenter_service_number.xml",
        "directory/callcenter_agents.xml",
        "sip_profiles/callcenter_loopback.xml",
    }


def test_the_event_socket_listens_on_loopback_with_the_rendered_password() -> None:
    settings = {
        p.get("name"): p.get("value")
        for p in parse("autoload_configs/event_socket.conf.xml").iter("param")
    }

    assert settings["listen-ip"] == "127.0.0.1"
    assert settings["listen-port"] == str(DEFAULTS.esl_port)
    assert settings["password"] == "$${callcenter_esl_password}"


def test_no_file_ships_the_factory_event_socket_password() -> None:
    offenders = [
        str(path)
        for path in FREESWITCH_DIR.rglob("*")
        if path.is_file()
        and path.name != "install.py"  # which refuses it
        and path.suffix != ".md"
        and "cluecon" in path.read_text(encoding="utf-8", errors="replace").lower()
    ]
    assert offenders == []


def test_python_conf_holds_only_settings_mod_python3_reads() -> None:
    root = parse("autoload_configs/python.conf.xml")

    assert root.get("name") == "python.conf"
    assert {p.get("name") for p in root.iter("param")} <= PYTHON_CONF_PARAMS


def test_every_overlay_variable_is_set_by_the_overlay_or_by_vanilla() -> None:
    defined = set(
        re.findall(r'cmd="set" data="([a-z_]+)=', (CONF / "vars_callcenter.xml").read_text())
    )
    used = {
        name
        for path in CONF.rglob("*.xml")
        for name in re.findall(r"\$\$\{([a-z_]+)\}", path.read_text())
    }

    assert used - defined - VANILLA_VARIABLES == set()


def test_no_comment_hides_a_preprocessor_line() -> None:
    """FreeSWITCH's preprocessor runs X-PRE-PROCESS lines and $${...} even inside comments."""
    for path in CONF.rglob("*.xml"):
        for comment in re.findall(r"<!--(.*?)-->", path.read_text(), re.DOTALL):
            assert "X-PRE-PROCESS" not in comment and "$${" not in comment, path


def test_the_service_number_runs_the_python_ivr_then_falls_back_to_an_agent() -> None:
    ivr = extensions()["callcenter_ivr"]
    actions = [(a.get("application"), a.get("data")) for a in ivr.iter("action")]

    assert re.fullmatch(rendered(destination_pattern(ivr).pattern), DEFAULTS.service_number)
    assert actions[0] == ("answer", None)
    assert actions[1] == ("python", "callcenter_ivr")
    assert (FREESWITCH_DIR / "scripts" / "callcenter_ivr.py").is_file()
    assert actions[-1] == ("transfer", f"{FlowConfig().fallback_destination} XML {DEFAULT_CONTEXT}")


def test_the_queue_extension_parks_callers_marked_with_their_skill() -> None:
    queue = extensions()["callcenter_queue"]
    applications = [a.get("application") for a in queue.iter("action")]

    assert destination_pattern(queue).fullmatch(DEFAULTS.queue_destination)
    assert IVR_QUEUE_SKILL_VARIABLE == QUEUE_SKILL_VARIABLE
    assert set_variables(queue)[QUEUE_SKILL_VARIABLE] == "general"  # only when none is set
    skill_condition = next(
        c for c in queue.iter("condition") if QUEUE_SKILL_VARIABLE in c.get("field", "")
    )
    assert skill_condition.get("expression") == "^$"
    assert re.fullmatch(
        r"\$\$\{callcenter_park_timeout\}:[A-Z_]+", set_variables(queue)["park_timeout"]
    )
    assert applications[-1] == "park"


def test_the_engine_fallback_reaches_the_general_queue() -> None:
    fallback = extensions()[FlowConfig().fallback_destination]

    assert set_variables(fallback)[QUEUE_SKILL_VARIABLE] == "general"
    (transfer,) = [
        a.get("data") for a in fallback.iter("action") if a.get("application") == "transfer"
    ]
    assert transfer == f"callcenter_queue XML {DEFAULT_CONTEXT}"


def test_agent_extensions_are_exactly_1001_to_1012_and_ring_user_endpoints() -> None:
    agent = extensions()["callcenter_agent"]
    pattern = destination_pattern(agent)

    assert [n for n in range(900, 1100) if pattern.fullmatch(str(n))] == list(range(1001, 1013))
    assert any(a.get("data", "").startswith("user/$1@") for a in agent.iter("action"))


def test_the_directory_defines_the_twelve_agents_with_the_rendered_password() -> None:
    domain = parse("directory/callcenter_agents.xml").find("domain")
    assert domain is not None
    users = {user.get("id", ""): user for user in domain.iter("user")}
    domain_params = named_values(domain.find("params"), "param")

    assert domain.get("name") == "$${domain}"
    assert sorted(users) == [str(n) for n in range(1001, 1013)]
    assert all(
        {p.get("name"): p.get("value") for p in u.iter("param")}
        == {"password": "$${callcenter_agent_password}"}
        for u in users.values()
    )
    assert "sofia_contact" in domain_params["dial-string"]
    variables = named_values(domain.find("variables"), "variable")
    assert variables["user_context"] == DEFAULT_CONTEXT


def test_the_agents_file_is_read_before_vanillas_default_domain() -> None:
    """FreeSWITCH uses the first definition of a domain; directory/*.xml is included sorted."""
    assert min("callcenter_agents.xml", "default.xml") == "callcenter_agents.xml"


def test_the_loopback_sip_entrance_reaches_only_the_service_number() -> None:
    profile = parse("sip_profiles/callcenter_loopback.xml")
    settings = {p.get("name"): p.get("value") for p in profile.iter("param")}
    loopback = extensions("callcenter_loopback")
    check_live = (FREESWITCH_DIR / "live" / "check_live.py").read_text()

    assert settings["sip-ip"] == settings["rtp-ip"] == "127.0.0.1"
    assert settings["context"] == "callcenter_loopback"
    assert f"default={settings['sip-port']}" in check_live
    (extension,) = loopback.values()
    assert rendered(destination_pattern(extension).pattern) == "^(10000)$"
    (action,) = extension.iter("action")
    assert action.get("data") == f"$1 XML {DEFAULT_CONTEXT}"


def test_outside_callers_reach_only_the_service_number() -> None:
    root = parse("dialplan/public/callcenter_service_number.xml")
    (extension,) = root.iter("extension")
    (action,) = extension.iter("action")

    assert rendered(destination_pattern(extension).pattern) == "^(10000)$"
    assert (
        action.get("application") == "transfer"
        and action.get("data") == f"$1 XML {DEFAULT_CONTEXT}"
    )


def test_no_freeswitch_sources_or_build_recipes_are_referenced() -> None:
    words = ("bootstrap" + ".sh", "sofia" + "-sip", "span" + "dsp")
    offenders = [
        str(path)
        for path in FREESWITCH_DIR.rglob("*")
        if path.is_file()
        and path.suffix != ".md"
        and any(word in path.read_text(encoding="utf-8", errors="replace") for word in words)
    ]
    assert offenders == []
