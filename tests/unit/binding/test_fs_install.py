"""`make fs-install` (freeswitch/install.py) against a vanilla-like configuration folder."""

from __future__ import annotations

import importlib.util
import stat
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from tests.unit.binding.support import FREESWITCH_DIR, REPO

VANILLA_VARS = """<include>
  <X-PRE-PROCESS cmd="set" data="domain=$${local_ip_v4}"/>
  <!-- <X-PRE-PROCESS cmd="set" data="default_password=1234"/> -->
</include>
"""
VANILLA_MODULES = """<configuration name="modules.conf" description="Modules">
  <modules>
    <load module="mod_console"/>
    <!-- <load module="mod_python3"/> -->
    <load module="mod_event_socket"/>
  </modules>
</configuration>
"""
VANILLA_EVENT_SOCKET = """<configuration name="event_socket.conf" description="Socket Client">
  <settings><param name="password" value="factory"/></settings>
</configuration>
"""
ENV = {
    "CALLCENTER_ESL_PASSWORD": "esl-password-for-tests-0123",
    "CALLCENTER_AGENT_SIP_PASSWORD": "agent-sip-pw-42",
    "CALLCENTER_IVR_SERVICE_TOKEN": "ivr-token-for-tests-0123456789",
}


def load_installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fs_install", FREESWITCH_DIR / "install.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


installer = load_installer()


@pytest.fixture
def conf(tmp_path: Path) -> Path:
    folder = tmp_path / "etc-freeswitch"
    (folder / "autoload_configs").mkdir(parents=True)
    (folder / "freeswitch.xml").write_text("<document type='freeswitch/xml'/>\n")
    (folder / "vars.xml").write_text(VANILLA_VARS)
    (folder / "autoload_configs" / "modules.conf.xml").write_text(VANILLA_MODULES)
    (folder / "autoload_configs" / "event_socket.conf.xml").write_text(VANILLA_EVENT_SOCKET)
    return folder


def run(conf: Path, tmp_path: Path, env: dict[str, str] | None = None) -> list[str]:
    messages: list[str] = installer.install(
        conf, tmp_path / "site-packages", ENV if env is None else env
    )
    return messages


def test_the_overlay_is_copied_and_the_variables_rendered(conf: Path, tmp_path: Path) -> None:
    run(conf, tmp_path)

    for source in (FREESWITCH_DIR / "conf").rglob("*.xml"):
        assert (conf / source.relative_to(FREESWITCH_DIR / "conf")).is_file()
    rendered = (conf / "vars_callcenter.xml").read_text()
    ET.fromstring(rendered)
    assert "@" + "CALLCENTER" not in rendered
    assert 'data="callcenter_esl_password=esl-password-for-tests-0123"' in rendered
    assert 'data="callcenter_backoffice_url=http://127.0.0.1:8000"' in rendered
    assert 'data="callcenter_service_number=10000"' in rendered
    assert f'data="callcenter_sounds_dir={REPO / "sounds"}"' in rendered
    assert stat.S_IMODE((conf / "vars_callcenter.xml").stat().st_mode) == 0o640


def test_vars_xml_includes_the_variables_and_modules_load_mod_python3(
    conf: Path, tmp_path: Path
) -> None:
    run(conf, tmp_path)

    vars_xml = (conf / "vars.xml").read_text()
    modules = (conf / "autoload_configs" / "modules.conf.xml").read_text()
    assert vars_xml.count('<X-PRE-PROCESS cmd="include" data="vars_callcenter.xml"/>') == 1
    assert vars_xml.rstrip().endswith("</include>")
    loaded = [e.get("module") for e in ET.fromstring(modules).iter("load")]
    assert loaded.count("mod_python3") == 1 and "mod_event_socket" in loaded


def test_running_it_twice_changes_nothing_twice(conf: Path, tmp_path: Path) -> None:
    run(conf, tmp_path)
    first = {p: p.read_bytes() for p in conf.rglob("*") if p.is_file()}
    run(conf, tmp_path)
    second = {p: p.read_bytes() for p in conf.rglob("*") if p.is_file()}

    assert second == first


def test_replaced_freeswitch_files_are_kept_once(conf: Path, tmp_path: Path) -> None:
    run(conf, tmp_path)
    run(conf, tmp_path)

    backup = conf / "autoload_configs" / "event_socket.conf.xml.orig-callcenter"
    assert backup.read_text() == VANILLA_EVENT_SOCKET
    assert (conf / "vars.xml.orig-callcenter").read_text() == VANILLA_VARS
    assert not (conf / "vars_callcenter.xml.orig-callcenter").exists()


def test_the_project_becomes_importable_by_the_switch_interpreter(
    conf: Path, tmp_path: Path
) -> None:
    run(conf, tmp_path)

    lines = (tmp_path / "site-packages" / "callcenter.pth").read_text().splitlines()
    assert lines == [str(REPO), str(REPO / "freeswitch" / "scripts")]
    assert (Path(lines[0]) / "fs_scripts" / "entry.py").is_file()
    assert (Path(lines[1]) / "callcenter_ivr.py").is_file()


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"CALLCENTER_ESL_PASSWORD": ""}, "CALLCENTER_ESL_PASSWORD"),
        ({"CALLCENTER_ESL_PASSWORD": "ClueCon"}, "factory default"),
        ({"CALLCENTER_ESL_PASSWORD": "CLUECON"}, "factory default"),
        ({"CALLCENTER_ESL_PASSWORD": 'pw"/><X-PRE-PROCESS'}, "may hold only"),
        ({"CALLCENTER_ESL_PASSWORD": "$${secret}0123456789"}, "may hold only"),
        ({"CALLCENTER_AGENT_SIP_PASSWORD": "1234"}, "CALLCENTER_AGENT_SIP_PASSWORD"),
        ({"CALLCENTER_AGENT_SIP_PASSWORD": ""}, "CALLCENTER_AGENT_SIP_PASSWORD"),
        ({"CALLCENTER_BACKOFFICE_URL": "ftp://x"}, "http"),
        ({"CALLCENTER_SERVICE_NUMBER": "10000; rm"}, "digits"),
    ],
)
def test_weak_or_unsafe_settings_are_refused_before_anything_is_written(
    conf: Path, tmp_path: Path, changes: dict[str, str], complaint: str
) -> None:
    before = {p: p.read_bytes() for p in conf.rglob("*") if p.is_file()}

    with pytest.raises(installer.InstallError, match=complaint):
        run(conf, tmp_path, {**ENV, **changes})

    assert {p: p.read_bytes() for p in conf.rglob("*") if p.is_file()} == before


def test_a_development_password_is_accepted_with_a_warning(conf: Path, tmp_path: Path) -> None:
    messages = run(conf, tmp_path, {**ENV, "CALLCENTER_ESL_PASSWORD": "dev-only-esl-password"})

    assert any("development value" in m for m in messages)


def test_a_folder_that_is_not_a_freeswitch_configuration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(installer.InstallError, match="not a FreeSWITCH configuration"):
        run(tmp_path, tmp_path)


def test_the_command_line_reports_a_refusal_without_a_traceback(
    conf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CALLCENTER_ESL_PASSWORD", raising=False)

    status = installer.main(["--conf", str(conf), "--site-packages", str(tmp_path / "site")])

    assert status == 1
    assert "set CALLCENTER_ESL_PASSWORD" in capsys.readouterr().err


def test_a_commented_out_include_still_counts_because_the_preprocessor_ignores_comments() -> None:
    vars_xml = '<include>\n<!-- <X-PRE-PROCESS cmd="include" data="vars_callcenter.xml"/> -->\n</include>\n'

    assert installer.include_vars(vars_xml) == vars_xml
