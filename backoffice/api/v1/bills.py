"""Monthly bills of an account, and one bill with its itemized records (清单)."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.problems import NotFound
from backoffice.api.v1.auth import ReadBilling
from backoffice.api.v1.deps import AccessLogDep, ReadSessionsDep
from backoffice.api.v1.pagination import PageDep, fetch_page
from backoffice.api.v1.params import AccountId, BillId
from backoffice.api.v1.schemas.billing import BillDetail, BillItemOut, BillOut
from backoffice.api.v1.schemas.common import Page, problems
from backoffice.db.models import Account, Bill
from backoffice.services.billing_queries import bill_with_items, bills_of_account

router = APIRouter(tags=["bills"])


@router.get("/accounts/{account_id}/bills", response_model=Page[BillOut],
            summary="Bills of an account, newest first", responses=problems(404))
def list_bills(account_id: AccountId, client: ReadBilling, sessions: ReadSessionsDep,
               access: AccessLogDep, page: PageDep) -> Page[BillOut]:
    with sessions() as db:
        if db.get(Account, account_id) is None:
            raise NotFound(f"there is no account {account_id}")
        rows, next_cursor = fetch_page(db, bills_of_account(account_id), Bill.id, page,
                                       newest_first=True)
        result = Page(items=[BillOut.model_validate(b) for b in rows], next_cursor=next_cursor)
    access.read(client, "bills_listed", "account", str(account_id), count=len(result.items))
    return result


@router.get("/bills/{bill_id}", response_model=BillDetail,
            summary="A bill with its itemized records", responses=problems(404))
def get_bill(bill_id: BillId, client: ReadBilling, sessions: ReadSessionsDep,
             access: AccessLogDep) -> BillDetail:
    with sessions() as db:
        found = bill_with_items(db, bill_id)
        if found is None:
            raise NotFound(f"there is no bill {bill_id}")
        bill, items = found
        detail = BillDetail(**BillOut.model_validate(bill).model_dump(), items=[
            BillItemOut(id=i.id, line_id=i.line_id, line_number=number, kind=i.kind,
                        started_at=i.started_at, called_number=i.called_number,
                        duration_s=i.duration_s, charge_fen=i.charge_fen)
            for i, number in items])
    access.read(client, "bill_read", "bill", str(bill_id), account_id=detail.account_id)
    return detail
