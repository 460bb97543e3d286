"""Accounts: the real-time balance, the credit (arrears) state and the lines."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.problems import NotFound
from backoffice.api.v1.auth import ReadBilling
from backoffice.api.v1.deps import AccessLogDep, ReadSessionsDep, SettingsDep
from backoffice.api.v1.params import AccountId
from backoffice.api.v1.schemas.common import problems
from backoffice.api.v1.schemas.customers import AccountDetail, AccountOut
from backoffice.services.customer_queries import account_with_lines, arrears_months, owed_fen

router = APIRouter(tags=["accounts"])


@router.get("/accounts/{account_id}", response_model=AccountDetail,
            summary="An account: balance, credit state, lines", responses=problems(404))
def get_account(account_id: AccountId, client: ReadBilling, sessions: ReadSessionsDep,
                settings: SettingsDep, access: AccessLogDep) -> AccountDetail:
    with sessions() as db:
        account = account_with_lines(db, account_id)
        if account is None:
            raise NotFound(f"there is no account {account_id}")
        detail = AccountDetail(
            **AccountOut.of(account).model_dump(), owed_fen=owed_fen(db, account_id),
            months_in_arrears=arrears_months(db, account_id, settings.today()))
    access.read(client, "account_read", "account", str(account_id))
    return detail
