"""`make test-fs`: call a running FreeSWITCH and check the IVR takes the caller to the queue.

Needs: FreeSWITCH 1.10.12 with the overlay installed (`make fs-install`) and running on
this machine; Debian's `sip-tester` (sipp); CALLCENTER_ESL_PASSWORD in the environment.
Builds nothing, downloads nothing, talks to 127.0.0.1 only.

    1. over the event socket: the switch is up, mod_python3 is loaded, and
       `python callcenter_ivr` (run by the switch's own interpreter) reports ready;
    2. sipp calls the service number through the overlay's loopback SIP profile and
       presses 0 (RFC 2833) every two seconds: whatever menu the caller is in, 0 asks
       for an agent;
    3. the caller's channel must get `callcenter_queue_skill` (set when it joins the
       queue) and `callcenter_ivr_outcome` (agent when the back office queued it,
       fallback when the back office could not be reached);
    4. the channel is hung up; sipp must see a clean BYE.

Exit status 0 when every step passed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dtmf_pcap import key_presses, write_pcap
from esl_client import EslApi, EslError

HERE = Path(__file__).resolve().parent
UNDEFINED = "_undef_"


def find_channel(show_channels_json: str, caller: str) -> str | None:
    """The uuid of the caller's channel in `show channels as json`, if it is up."""
    rows = json.loads(show_channels_json or "{}").get("rows") or []
    for row in rows:
        if row.get("cid_num") == caller:
            return str(row.get("uuid"))
    return None


def variable(esl: EslApi, uuid: str, name: str) -> str:
    value = esl.api(f"uuid_getvar {uuid} {name}").strip()
    return "" if value in (UNDEFINED, "") or value.startswith("-ERR") else value


def wait_for(what: str, check: Callable[[], str | None], timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise TimeoutError(f"{what}: not within {timeout_s:.0f}s")


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Call a running FreeSWITCH's IVR with sipp.")
    parser.add_argument("--esl-port", type=int, default=8021)
    parser.add_argument("--sip-port", type=int, default=5090, help="the overlay's loopback profile")
    parser.add_argument("--number", default=os.environ.get("CALLCENTER_SERVICE_NUMBER", "10000"))
    parser.add_argument("--caller", default="13800000000", help="caller ID the IVR looks up")
    parser.add_argument(
        "--expect",
        default="agent",
        choices=("agent", "fallback", "any"),
        help="the IVR outcome required (fallback: back office down)",
    )
    parser.add_argument("--timeout", type=float, default=120.0)
    return parser.parse_args(argv)


def start_sipp(args: argparse.Namespace, workdir: Path) -> subprocess.Popen[bytes]:
    write_pcap(workdir / "keys.pcap", key_presses("0" * int(args.timeout // 2), start_ms=1000))
    shutil.copy(HERE / "ivr_call.xml", workdir / "ivr_call.xml")
    command = [
        "sipp",
        f"127.0.0.1:{args.sip_port}",
        "-sf",
        "ivr_call.xml",
        "-s",
        args.number,
        "-key",
        "caller",
        args.caller,
        "-m",
        "1",
        "-l",
        "1",
        "-i",
        "127.0.0.1",
        "-p",
        str(free_udp_port()),
        "-mp",
        str(free_udp_port() & ~1),
        "-timeout",
        f"{int(args.timeout) + 30}s",
        "-timeout_error",
        "-nostdin",
        "-trace_err",
    ]
    with (workdir / "sipp.out").open("wb") as log:  # sipp keeps its own copy of the file
        return subprocess.Popen(command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)


def check(args: argparse.Namespace, password: str, workdir: Path) -> list[str]:
    """Run the steps; returns failures (empty when all passed)."""
    failures: list[str] = []
    with EslApi("127.0.0.1", args.esl_port, password) as esl:
        status = esl.api("status").splitlines()
        print("switch:", status[1] if len(status) > 1 else "no status")
        if esl.api("module_exists mod_python3").strip() != "true":
            return ["mod_python3 is not loaded (make fs-install, then restart FreeSWITCH)"]
        report = esl.api("python callcenter_ivr")
        print(report.rstrip())
        if "callcenter_ivr: ok" not in report:
            failures.append("the IVR is not ready (see the report above)")
        sipp = start_sipp(args, workdir)
        try:
            uuid = wait_for(
                "the call reaches the switch",
                lambda: find_channel(esl.api("show channels as json"), args.caller),
                20,
            )
            print("call:", uuid)
            skill = wait_for(
                "the caller joins the agent queue",
                lambda: variable(esl, uuid, "callcenter_queue_skill"),
                args.timeout,
            )
            outcome = wait_for(
                "the IVR reports its outcome",
                lambda: variable(esl, uuid, "callcenter_ivr_outcome"),
                10,
            )
            print(f"queued: skill={skill} outcome={outcome}")
            if args.expect != "any" and outcome != args.expect:
                failures.append(f"IVR outcome {outcome}, expected {args.expect}")
            esl.api(f"uuid_kill {uuid}")
            if sipp.wait(timeout=30) != 0:
                failures.append(f"sipp failed (exit {sipp.returncode}); see {workdir}")
        except subprocess.TimeoutExpired:
            failures.append(f"sipp did not see the switch hang up; see {workdir}")
        except TimeoutError as error:
            failures.append(str(error))
        finally:
            if sipp.poll() is None:
                sipp.terminate()
                sipp.wait(timeout=10)
    return failures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    password = os.environ.get("CALLCENTER_ESL_PASSWORD", "")
    if not password:
        print("check_live: set CALLCENTER_ESL_PASSWORD", file=sys.stderr)
        return 2
    if shutil.which("sipp") is None:
        print("check_live: sipp is missing: apt-get install sip-tester", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="callcenter-live-"))
    try:
        failures = check(args, password, workdir)
    except (OSError, EslError) as error:
        failures = [f"event socket on 127.0.0.1:{args.esl_port}: {error}"]
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        print(f"check_live: logs kept in {workdir}")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print("check_live: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
