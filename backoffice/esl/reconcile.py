"""After a (re)connect: what must the queue fix to agree with the switch again? (pure)

Events sent while the event socket was down are lost, so the queue's picture may be stale:
callers hung up, callers arrived, phones registered or went away. `reconcile` compares
the switch's snapshot with the queue's beliefs and returns a plan; the caller applies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from backoffice.esl.endpoints import AgentEndpoints
from backoffice.esl.snapshot import SwitchSnapshot


@dataclass(frozen=True, slots=True)
class QueueBeliefs:
    """What the queue thinks: calls it holds (waiting or being offered), and for offers in
    progress, the agent leg it rang (call uuid -> agent leg uuid)."""

    call_uuids: frozenset[str]
    offer_legs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OrphanCall:
    """A caller waiting on the switch for the queue, whom the queue does not know."""

    uuid: str
    caller_number: str
    skill: str


@dataclass(frozen=True, slots=True)
class ReconcilePlan:
    abandoned: tuple[str, ...]  # the queue's calls no longer on the switch: mark abandoned
    lost_offers: tuple[str, ...]  # calls whose agent leg vanished: back to the queue front
    reenqueue: tuple[OrphanCall, ...]  # marked for the queue but unknown to it: enqueue
    registered_agents: frozenset[str]  # agent endpoint keys whose phone is registered
    unregistered_agents: frozenset[str]  # agent endpoint keys whose phone is not

    @property
    def calls_to_fix(self) -> int:
        return len(self.abandoned) + len(self.lost_offers) + len(self.reenqueue)


def reconcile(
    snapshot: SwitchSnapshot, beliefs: QueueBeliefs, endpoints: AgentEndpoints
) -> ReconcilePlan:
    on_switch = snapshot.channel_uuids()
    abandoned = sorted(beliefs.call_uuids - on_switch)
    lost_offers = sorted(
        call_uuid
        for call_uuid, leg_uuid in beliefs.offer_legs.items()
        if call_uuid in on_switch and leg_uuid not in on_switch
    )
    known_legs = set(beliefs.offer_legs.values())
    reenqueue = tuple(
        OrphanCall(channel.uuid, channel.caller_number, channel.queue_skill)
        for channel in snapshot.channels
        if channel.queue_skill
        and channel.uuid not in beliefs.call_uuids
        and channel.uuid not in known_legs
    )
    registered, unregistered = _agent_registration(snapshot, endpoints)
    return ReconcilePlan(tuple(abandoned), tuple(lost_offers), reenqueue, registered, unregistered)


def _agent_registration(
    snapshot: SwitchSnapshot, endpoints: AgentEndpoints
) -> tuple[frozenset[str], frozenset[str]]:
    """Split configured agents by registration; non-``user/`` endpoints are in neither set."""
    present = {(r.user, r.realm) for r in snapshot.registrations}
    present_users = {user for user, _ in present}
    registered: set[str] = set()
    unregistered: set[str] = set()
    for key in endpoints:
        address = endpoints.user_address(key)
        if address is None:
            continue
        if address.domain is None:
            is_registered = address.user in present_users
        else:
            is_registered = (address.user, address.domain) in present
        (registered if is_registered else unregistered).add(key)
    return frozenset(registered), frozenset(unregistered)
