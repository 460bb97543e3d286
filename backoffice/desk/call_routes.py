"""The desk is the phone (with the simulated switch): answer, decline, hang up; notes and
the call summary; transfer to a queue or a colleague; book a callback.

Writes happen in short transactions that commit before the dispatcher (which opens its own)
is called, and switch commands run after the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Form, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from backoffice.acd.config import AcdConfig
from backoffice.acd.switch_port import SwitchError
from backoffice.db.base import utcnow
from backoffice.db.models import Agent, QueueEntry
from backoffice.desk import replies
from backoffice.desk.auth import AgentUser
from backoffice.desk.refusals import DeskRefusal
from backoffice.desk.routing import desk_router
from backoffice.desk.templating import render
from backoffice.desk.workspace_view import call_panel_context
from backoffice.services.audit import audit
from backoffice.services.desk_calls import (
    DISPOSITIONS,
    TALKING,
    NotYourCall,
    finish_wrap_up,
    own_entry,
    owned_entry,
    save_notes,
    save_summary,
)
from backoffice.services.desk_customer_actions import ActionRefused, identify_caller
from backoffice.services.desk_transfers import (
    Transferred,
    TransferRefused,
    record_agent_leg,
    schedule_callback,
    transfer_to_agent,
    transfer_to_skill,
    undo_direct_offer,
)

router = desk_router("/desk/call")
Notes = Annotated[str | None, Form(max_length=4000)]


@contextmanager
def acting(request: Request, agent_id: int) -> Iterator[tuple[Session, Agent]]:
    """A write transaction with the agent as it is now (not as the login check saw it);
    a call that is not the agent's becomes a friendly refusal."""
    with request.app.state.write_session_factory() as db:
        me = db.get(Agent, agent_id)
        assert me is not None
        try:
            yield db, me
        except NotYourCall as refusal:
            db.rollback()
            raise DeskRefusal(409, refusal.code) from None
        db.commit()


def quietly(action: Callable[[], object]) -> None:
    try:
        action()
    except SwitchError:
        pass  # the leg or call is gone already; the dispatcher's state is what counts


@router.get("/panel")
def panel(request: Request, agent: AgentUser) -> Response:
    return replies.call_panel(request, agent.id)


@router.get("/{entry_id}/pop")
def pop(request: Request, agent: AgentUser, entry_id: int) -> Response:
    with replies.fresh_session(request) as db:
        me = db.get(Agent, agent.id)
        assert me is not None
        context = call_panel_context(db, request, me)
        if context["entry"] is None or context["entry"].id != entry_id:
            raise DeskRefusal(409, "not_your_call")
        return render(request, "_screen_pop.html", v=context, pop=context["screen"],
                      e=context["entry"])


@router.post("/{entry_id}/answer")
def answer(request: Request, agent: AgentUser, entry_id: int) -> Response:
    if not request.app.state.dispatcher.answer(entry_id, agent.id):
        return replies.refused(request, "offer_gone")
    with request.app.state.write_session_factory() as db, db.begin():
        entry = db.get(QueueEntry, entry_id)
        if entry is not None and entry.customer_id is not None:
            audit(db, f"agent:{agent.username}", "customer_viewed", "customer",
                  str(entry.customer_id), via="screen_pop", queue_entry_id=entry_id)
    return replies.call_panel(request, agent.id)


@router.post("/{entry_id}/decline")
def decline(request: Request, agent: AgentUser, entry_id: int) -> Response:
    if not request.app.state.dispatcher.decline(entry_id, agent.id):
        return replies.refused(request, "offer_gone")
    return replies.call_panel(request, agent.id)


@router.post("/{entry_id}/hangup")
def hangup(request: Request, agent: AgentUser, entry_id: int, notes: Notes = None) -> Response:
    with acting(request, agent.id) as (db, me):
        entry = owned_entry(db, me, entry_id, (TALKING,))
        if notes is not None:
            save_notes(db, entry, me, notes, utcnow())
        call_uuid, leg = entry.call_uuid, entry.agent_leg_uuid
    request.app.state.dispatcher.call_ended(call_uuid)
    switch = request.app.state.switch
    quietly(lambda: switch.hangup(call_uuid))
    if leg:
        quietly(lambda: switch.hangup(leg))
    return replies.call_panel(request, agent.id)


@router.post("/{entry_id}/notes")
def notes(request: Request, agent: AgentUser, entry_id: int,
          notes: Annotated[str, Form(max_length=4000)] = "") -> Response:
    now = utcnow()
    with acting(request, agent.id) as (db, me):
        save_notes(db, own_entry(db, me, entry_id), me, notes, now)
    return replies.message(request, "notes_saved", time=_local(request, now).strftime("%H:%M:%S"))


@router.post("/{entry_id}/summary")
def summary(request: Request, agent: AgentUser, entry_id: int,
            disposition: Annotated[str, Form(max_length=32)], notes: Notes = "",
            ready: Annotated[str, Form(max_length=3)] = "no") -> Response:
    if disposition not in DISPOSITIONS:
        return replies.refused(request, "bad_request", 422)
    now = utcnow()
    with acting(request, agent.id) as (db, me):
        save_summary(db, own_entry(db, me, entry_id), me, disposition, notes or "", now)
        if ready == "yes":
            finish_wrap_up(db, me, now)
    if ready == "yes":
        return replies.call_panel(request, agent.id)
    return replies.message(request, "summary_saved")


@router.post("/{entry_id}/transfer")
def transfer(request: Request, agent: AgentUser, entry_id: int,
             to: Annotated[str, Form(pattern="^(skill|agent)$")],
             skill: Annotated[str, Form(max_length=32)] = "",
             username: Annotated[str, Form(max_length=64)] = "",
             notes: Notes = "") -> Response:
    settings = request.app.state.settings
    config = request.app.state.dispatcher.config  # built once with the app
    now = utcnow()
    try:
        with acting(request, agent.id) as (db, me):
            entry = owned_entry(db, me, entry_id, (TALKING,))
            if to == "skill":
                done = transfer_to_skill(db, entry, me, skill, notes or "",
                                         settings.queue_destination, config, now)
            else:
                done = transfer_to_agent(db, entry, me, username, notes or "",
                                         settings.queue_destination, config, now)
    except TransferRefused as refusal:
        return replies.refused(request, refusal.code)
    _move_on_switch(request, done, config, now)
    return replies.call_panel(request, agent.id)


def _move_on_switch(request: Request, done: Transferred, config: AcdConfig,
                    now: datetime) -> None:
    """The old agent leg is dropped; the caller holds for the queue, goes to night service,
    or rings the named colleague's phone."""
    switch = request.app.state.switch
    if done.old_leg:
        quietly(lambda: switch.hangup(done.old_leg, "NORMAL_CLEARING"))
    if done.mode == "night":
        quietly(lambda: switch.transfer(done.call_uuid, config.night_destination))
        return
    quietly(lambda: switch.hold(done.call_uuid))
    if done.mode != "offered" or done.target_extension is None:
        return
    with replies.fresh_session(request) as db:
        entry = db.get(QueueEntry, done.new_entry_id)
        assert entry is not None
        target, caller = entry.offered_agent_id, entry.caller_number
    try:
        leg = switch.offer_to_agent(done.call_uuid, done.target_extension,
                                    caller or "anonymous", config.offer_timeout_s)
    except SwitchError:
        leg = None
    with request.app.state.write_session_factory() as db, db.begin():
        if leg is not None:
            record_agent_leg(db, done.new_entry_id, leg)
        elif target is not None:
            undo_direct_offer(db, done.new_entry_id, target, now)


@router.post("/{entry_id}/callback")
def callback(request: Request, agent: AgentUser, entry_id: int,
             number: Annotated[str, Form(max_length=20)],
             when: Annotated[str, Form(max_length=20)], notes: Notes = "") -> Response:
    try:
        due = datetime.fromisoformat(when).replace(
            tzinfo=ZoneInfo(request.app.state.settings.timezone))
    except ValueError:
        return replies.refused(request, "bad_time", 422)
    try:
        with acting(request, agent.id) as (db, me):
            entry = owned_entry(db, me, entry_id, (TALKING,))
            schedule_callback(db, entry, me, number, due, notes or "", utcnow())
    except TransferRefused as refusal:
        return replies.refused(request, refusal.code, 422)
    return replies.message(request, "callback_booked", when=due.strftime("%Y-%m-%d %H:%M"))


@router.post("/{entry_id}/identify")
def identify(request: Request, agent: AgentUser, entry_id: int,
             number: Annotated[str, Form(max_length=24)]) -> Response:
    try:
        with acting(request, agent.id) as (db, me):
            line = identify_caller(db, owned_entry(db, me, entry_id, (TALKING,)), me, number)
            found = line.number
    except ActionRefused as refusal:
        return replies.refused(request, refusal.code, 404)
    return replies.message(request, "caller_identified", number=found)


def _local(request: Request, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(request.app.state.settings.timezone))
