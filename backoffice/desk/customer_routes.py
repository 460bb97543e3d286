"""Customer search and the customer page (accounts, lines, bills, tickets); audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from starlette.responses import Response

from backoffice.api.deps import WriteSessionDep
from backoffice.desk.auth import CustomerViewer
from backoffice.desk.refusals import DeskRefusal
from backoffice.desk.routing import desk_router
from backoffice.desk.templating import render
from backoffice.services.desk_search import customer_detail, search_customers
from backoffice.services.tickets import TICKET_TYPES

router = desk_router("/desk/customers")


@router.get("")
def search(request: Request, agent: CustomerViewer, db: WriteSessionDep,
           q: Annotated[str, Query(max_length=64)] = "") -> Response:
    hits = search_customers(db, agent, q) if q.strip() else []
    db.commit()
    db.close()  # the page reads only what was loaded; no lazy load may take the write lock
    return render(request, "customers.html", agent=agent, q=q, hits=hits, searched=bool(q.strip()),
                  page="customers")


@router.get("/{customer_id}")
def customer(request: Request, agent: CustomerViewer, db: WriteSessionDep,
             customer_id: int) -> Response:
    detail = customer_detail(db, agent, customer_id, request.app.state.settings.today())
    if detail is None:
        raise DeskRefusal(404, "not_found")
    db.commit()
    db.close()
    return render(request, "customer.html", agent=agent, d=detail, page="customers",
                  today=request.app.state.settings.today(), ticket_types=TICKET_TYPES)
