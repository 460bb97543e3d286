"""Payments of an account: the history, and taking a payment exactly once.

`POST` needs an `Idempotency-Key` header: a retry with the same key and body gets the
first response again (and moves no more money); see ``services.idempotency``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from backoffice.api.problems import NotFound
from backoffice.api.v1.auth import ReadBilling, WritePayments
from backoffice.api.v1.deps import AccessLogDep, ReadSessionsDep, SettingsDep, WriteSessionsDep
from backoffice.api.v1.errors import IdempotencyKeyReused, IdempotentRequestInFlight
from backoffice.api.v1.pagination import PageDep, fetch_page
from backoffice.api.v1.params import AccountId
from backoffice.api.v1.schemas.common import Page, problems
from backoffice.api.v1.schemas.payments import PaymentCreate, PaymentOut, PaymentReceipt
from backoffice.db.models import Account, Payment
from backoffice.services.billing_queries import payments_of_account
from backoffice.services.idempotency import (
    KeyReusedForAnotherRequest,
    RequestInFlight,
    StoredResponse,
    request_fingerprint,
    run_once,
)
from backoffice.services.payments import apply_payment

router = APIRouter(tags=["payments"])
REPLAYED_HEADER = "Idempotent-Replayed"

IdempotencyKey = Annotated[str, Header(
    alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$",
    description="a unique value per payment (a UUID is ideal), reused only to retry the "
                "very same request; keys are private to each API key",
    examples=["9f1c2d3e-5b6a-4c7d-8e9f-0a1b2c3d4e5f"])]


@router.get("/accounts/{account_id}/payments", response_model=Page[PaymentOut],
            summary="Payments of an account, newest first", responses=problems(404))
def list_payments(account_id: AccountId, client: ReadBilling, sessions: ReadSessionsDep,
                  access: AccessLogDep, page: PageDep) -> Page[PaymentOut]:
    with sessions() as db:
        if db.get(Account, account_id) is None:
            raise NotFound(f"there is no account {account_id}")
        rows, next_cursor = fetch_page(db, payments_of_account(account_id), Payment.id, page,
                                       newest_first=True)
        result = Page(items=[PaymentOut.model_validate(p) for p in rows],
                      next_cursor=next_cursor)
    access.read(client, "payments_listed", "account", str(account_id), count=len(result.items))
    return result


def payment_path(account_id: int) -> str:
    return f"/api/v1/accounts/{account_id}/payments"


@router.post(
    "/accounts/{account_id}/payments", status_code=201, response_model=PaymentReceipt,
    summary="Take a payment (idempotent)", responses={
        **problems(404, 409),
        201: {"description": "The payment was taken; a replay of it carries the header "
                             f"`{REPLAYED_HEADER}: true`."}},
)
def create_payment(
    account_id: AccountId, body: PaymentCreate, idempotency_key: IdempotencyKey,
    client: WritePayments, settings: SettingsDep, read_sessions: ReadSessionsDep,
    write_sessions: WriteSessionsDep,
) -> JSONResponse:
    """Credit the account, settle its bills oldest first and, when that clears the arrears,
    restore its service at once.

    Retrying with the same `Idempotency-Key` and the same body returns the first response
    (same status and body) without paying again; the same key with a different body is a
    422 problem, and a retry while the first request is still running is a 409 problem.
    A request that failed (for example 404) may be retried with the same key.
    """
    request_hash = request_fingerprint("POST", payment_path(account_id),
                                       body.model_dump(mode="json"))

    def pay(db: Session) -> StoredResponse:
        if db.get(Account, account_id) is None:
            raise NotFound(f"there is no account {account_id}")
        payment = apply_payment(db, account_id, body.amount_fen, "api", body.reference,
                                client.actor, settings.today())
        account = db.get(Account, account_id, populate_existing=True)
        assert account is not None
        receipt = PaymentReceipt(**PaymentOut.model_validate(payment).model_dump(),
                                 balance_fen=account.balance_fen,
                                 credit_state=account.credit_state)
        return StoredResponse(201, receipt.model_dump(mode="json"))

    try:
        outcome = run_once(read_sessions, write_sessions, client.owner, idempotency_key,
                           request_hash, pay)
    except KeyReusedForAnotherRequest:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was already used for a different request; use a new key "
            "for a new payment") from None
    except RequestInFlight:
        raise IdempotentRequestInFlight(
            "a request with this Idempotency-Key is still being processed; retry shortly "
            "to get its response") from None
    headers = {REPLAYED_HEADER: "true"} if outcome.replayed else {}
    return JSONResponse(outcome.response.body, status_code=outcome.response.status,
                        headers=headers)
