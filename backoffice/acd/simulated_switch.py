"""The in-process switch used by `make run` and the tests: no telephony, the agent desk is
the phone. It keeps a log of what the ACD asked, which the desk and the tests read."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from backoffice.acd.switch_port import DEFAULT_HANGUP_CAUSE, CallGone


@dataclass(frozen=True)
class Command:
    name: str
    call_uuid: str
    detail: tuple[str, ...] = ()


@dataclass
class SimulatedSwitch:
    commands: list[Command] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)  # calls whose caller hung up
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _record(self, name: str, call_uuid: str, *detail: str) -> None:
        with self._lock:
            if call_uuid in self.gone and name != "hangup":
                raise CallGone(f"call {call_uuid} has ended")
            self.commands.append(Command(name, call_uuid, detail))

    def caller_hung_up(self, call_uuid: str) -> None:
        with self._lock:
            self.gone.add(call_uuid)

    def offer_to_agent(self, call_uuid: str, agent_endpoint: str, caller_id: str,
                       timeout_s: int) -> str:
        leg = f"sim-leg-{uuid.uuid4()}"
        self._record("offer", call_uuid, agent_endpoint, leg)
        return leg

    def bridge(self, call_uuid: str, agent_leg_uuid: str) -> None:
        self._record("bridge", call_uuid, agent_leg_uuid)

    def announce(self, call_uuid: str, prompt_paths: Sequence[str]) -> None:
        self._record("announce", call_uuid, *prompt_paths)

    def transfer(self, call_uuid: str, destination: str) -> None:
        self._record("transfer", call_uuid, destination)

    def hangup(self, call_uuid: str, cause: str = DEFAULT_HANGUP_CAUSE) -> None:
        self._record("hangup", call_uuid, cause)

    def originate_callback(self, number: str, agent_endpoint: str, caller_id: str,
                           timeout_s: int) -> str:
        leg = f"sim-callback-{uuid.uuid4()}"
        self._record("callback", number, agent_endpoint, leg)
        return leg

    def hold(self, call_uuid: str) -> None:
        self._record("hold", call_uuid)

    def named(self, name: str) -> list[Command]:
        with self._lock:
            return [c for c in self.commands if c.name == name]
