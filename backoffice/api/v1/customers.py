"""Customers: find them by line number, name or contract number; read one with its accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backoffice.api.problems import NotFound
from backoffice.api.v1.auth import ReadCustomers
from backoffice.api.v1.deps import AccessLogDep, ReadSessionsDep
from backoffice.api.v1.pagination import PageDep, fetch_page
from backoffice.api.v1.params import CustomerId, PhoneNumberQuery
from backoffice.api.v1.schemas.common import Page, problems
from backoffice.api.v1.schemas.customers import CustomerDetail, CustomerSummary
from backoffice.db.models import Customer
from backoffice.services.customer_queries import customer_with_accounts, customers_matching

router = APIRouter(tags=["customers"])


@router.get("/customers", response_model=Page[CustomerSummary], summary="Find customers")
def list_customers(
    client: ReadCustomers, sessions: ReadSessionsDep, access: AccessLogDep, page: PageDep,
    number: PhoneNumberQuery = None,
    name: Annotated[str | None, Query(
        min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$",
        description="part of the name, any case", examples=["张"])] = None,
    contract_number: Annotated[str | None, Query(
        pattern=r"^[A-Za-z0-9-]{1,20}$", description="exact contract number",
        examples=["HT2026000001"])] = None,
) -> Page[CustomerSummary]:
    """Customers oldest first; filters combine (all must match)."""
    with sessions() as db:
        rows, next_cursor = fetch_page(db, customers_matching(number, name, contract_number),
                                       Customer.id, page)
        result = Page(items=[CustomerSummary.model_validate(c) for c in rows],
                      next_cursor=next_cursor)
    access.read(client, "customers_listed", "customer", None, count=len(result.items),
                filters={"number": number, "name": name, "contract_number": contract_number})
    return result


@router.get("/customers/{customer_id}", response_model=CustomerDetail,
            summary="A customer with accounts and lines", responses=problems(404))
def get_customer(customer_id: CustomerId, client: ReadCustomers, sessions: ReadSessionsDep,
                 access: AccessLogDep) -> CustomerDetail:
    with sessions() as db:
        customer = customer_with_accounts(db, customer_id)
        if customer is None:
            raise NotFound(f"there is no customer {customer_id}")
        detail = CustomerDetail.of(customer)
    access.read(client, "customer_read", "customer", str(customer_id))
    return detail
