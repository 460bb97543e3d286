"""Tickets on the desk: the work list of the user's role, the open tasks, the ticket page
with one form per action the user may take now, and a new ticket from the customer page.

Actions post in the background (the desk's `data-async` forms): the reply redraws the
ticket, or says in one line why not. Without the desk's script a form still works: the
browser is sent back to the ticket, or to the friendly refusal page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from backoffice.api.deps import SessionDep
from backoffice.db.base import utcnow
from backoffice.db.models import Agent
from backoffice.desk import replies
from backoffice.desk.auth import CustomerViewer
from backoffice.desk.refusals import DeskRefusal, is_fetch
from backoffice.desk.routing import desk_router
from backoffice.desk.templating import render
from backoffice.services.desk_tickets import (
    Filters,
    FormInput,
    NewTicket,
    TicketActionRefused,
    all_statuses,
    finish_task,
    open_for_customer,
    take_action,
    task_rows,
    ticket_page,
    work_rows,
)
from backoffice.services.tickets import TICKET_TYPES

router = desk_router("/desk/tickets")
TicketUser = CustomerViewer  # every desk role works on tickets; what each may do differs
Text = Annotated[str, Form(max_length=4000)]


@router.get("")
def work_list(request: Request, agent: TicketUser, db: SessionDep,
              view: Annotated[str, Query(pattern="^(list|tasks)$")] = "list",
              type: Annotated[str, Query(max_length=20)] = "",
              status: Annotated[str, Query(max_length=24)] = "",
              overdue: Annotated[str, Query(max_length=3)] = "",
              mine: Annotated[str, Query(max_length=3)] = "") -> Response:
    now = utcnow()
    filters = Filters(type=type if type in TICKET_TYPES else None,
                      status=status or None, overdue=overdue == "yes", mine=mine == "yes")
    rows = work_rows(db, agent, now, filters) if view == "list" else []
    tasks = task_rows(db, agent, now)
    return render(request, "tickets.html", agent=agent, view=view, rows=rows, tasks=tasks,
                  f=filters, ticket_types=TICKET_TYPES,
                  statuses=all_statuses(filters.type))


@router.get("/{number}")
def ticket(request: Request, agent: TicketUser, number: str) -> Response:
    return _ticket_response(request, agent, number, "ticket.html", audited=True)


def _ticket_response(request: Request, agent: Agent, number: str, template: str,
                     audited: bool, done: str | None = None) -> Response:
    with request.app.state.write_session_factory() as db:
        page = ticket_page(db, agent, number, utcnow(), audited=audited)
        if page is None:
            raise DeskRefusal(404, "not_found")
        db.commit()
    return render(request, template, agent=agent, p=page, done=done)


@router.post("/{number}/actions/{action}")
def act(request: Request, agent: TicketUser, number: str, action: str,
        note: Text = "", resolution: Text = "",
        department: Annotated[str, Form(max_length=40)] = "",
        reply: Text = "", refund: Annotated[str, Form(max_length=20)] = "",
        satisfaction: Annotated[str, Form(max_length=2)] = "",
        customer_informed: Annotated[str, Form(max_length=3)] = "",
        incident_id: Annotated[str, Form(max_length=12)] = "") -> Response:
    form = FormInput(note=note, resolution=resolution, department=department, reply=reply,
                     refund=refund, satisfaction=satisfaction,
                     customer_informed=customer_informed == "yes", incident_id=incident_id)
    try:
        with request.app.state.write_session_factory() as db:
            take_action(db, agent, number, action, form, utcnow())
            db.commit()
    except TicketActionRefused as refusal:
        return _refused(request, refusal)
    if not is_fetch(request):
        return RedirectResponse(f"/desk/tickets/{number}", status_code=303)
    return _ticket_response(request, agent, number, "_ticket_body.html", audited=False,
                            done=action)


@router.post("/tasks/{task_id}/done")
def task_done(request: Request, agent: TicketUser, task_id: int,
              note: Annotated[str, Form(max_length=500)] = "") -> Response:
    try:
        with request.app.state.write_session_factory() as db:
            finish_task(db, agent, task_id, note, utcnow())
            db.commit()
    except TicketActionRefused as refusal:
        return _refused(request, refusal)
    if not is_fetch(request):
        return RedirectResponse("/desk/tickets?view=tasks", status_code=303)
    with replies.fresh_session(request) as db:
        return render(request, "_task_list.html", tasks=task_rows(db, agent, utcnow()),
                      msg="task_done")


@router.post("/new")
def new_ticket(request: Request, agent: TicketUser,
               customer_id: Annotated[int, Form()],
               type: Annotated[str, Form(max_length=20)],
               summary: Annotated[str, Form(max_length=200)],
               details: Text = "", demand: Text = "",
               contact: Annotated[str, Form(max_length=20)] = "",
               line_id: Annotated[str, Form(pattern="^[0-9]{0,12}$")] = "") -> Response:
    new = NewTicket(type=type, summary=summary, details=details, demand=demand,
                    contact=contact, line_id=int(line_id) if line_id else None)
    try:
        with request.app.state.write_session_factory() as db:
            number = open_for_customer(db, agent, customer_id, new, utcnow()).number
            db.commit()
    except TicketActionRefused as refusal:
        return _refused(request, refusal)
    return RedirectResponse(f"/desk/tickets/{number}", status_code=303)


def _refused(request: Request, refusal: TicketActionRefused) -> Response:
    if is_fetch(request):
        return replies.refused(request, refusal.code, refusal.status_code)
    raise DeskRefusal(refusal.status_code, refusal.code)
