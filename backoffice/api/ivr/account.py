"""Latest bill and prepaid-card recharge (the balance: per_call.py)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from backoffice.api.deps import SessionDep, SettingsDep, WriteSessionDep
from backoffice.api.ivr.auth import OptionalCaller, VerifiedCaller
from backoffice.api.ivr.replay import once_per_call
from backoffice.api.ivr.schemas import BillOut, LatestBillOut, RechargeIn, RechargeOut
from backoffice.api.problems import NotFound
from backoffice.db.base import utcnow
from backoffice.db.models import Bill, Line
from backoffice.services import lines, recharge

router = APIRouter()


def _account_id(db: SessionDep, line_id: int) -> int:
    account_id = db.scalar(select(Line.account_id).where(Line.id == line_id))
    if account_id is None:
        raise NotFound("the verified line no longer exists")
    return account_id


@router.get("/bills/latest", response_model=LatestBillOut, summary="Latest monthly bill")
def latest_bill(caller: VerifiedCaller, db: SessionDep) -> LatestBillOut:
    bill = db.scalar(select(Bill).where(Bill.account_id == _account_id(db, caller.line_id))
                     .order_by(Bill.period.desc()).limit(1))
    if bill is None:
        return LatestBillOut(bill=None)
    return LatestBillOut(bill=BillOut(
        period=f"{bill.period:%Y-%m}", amount_fen=bill.amount_fen,
        due_date=bill.due_date.isoformat(), paid=bill.paid_fen >= bill.amount_fen))


@router.post("/recharge", response_model=RechargeOut, summary="Top a line up with a recharge card")
def pay_with_card(body: RechargeIn, caller: OptionalCaller, db: WriteSessionDep,
                  settings: SettingsDep) -> RechargeOut:
    """Anyone may top up any line; a card is used once. A retry within the same call
    returns the first answer."""

    def act() -> RechargeOut:
        line = lines.find_line(db, body.number)
        actor = "ivr:verified" if caller is not None else "ivr"
        result = recharge.redeem(db, line, body.card_serial, body.card_pin,
                                 settings.pin_key_bytes, utcnow(), actor)
        return RechargeOut(ok=result.ok, reason=result.reason,  # type: ignore[arg-type]
                           amount_fen=result.amount_fen, new_balance_fen=result.new_balance_fen)

    request = {"number": body.number, "serial": body.card_serial}
    result = once_per_call(db, f"recharge:{body.call_id}:{body.card_serial}", request,
                           RechargeOut, act, acted=lambda out: out.ok)
    db.commit()
    return result
