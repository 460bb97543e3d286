"""Redeem a prepaid recharge card (缴费卡). A card is used exactly once, even under races:
the claim is one conditional UPDATE, and only the transaction that flips it pays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.db.models import Account, Line, RechargeCard
from backoffice.domain.keyed_hash import secret_matches
from backoffice.services.audit import audit
from backoffice.services.payments import apply_payment


@dataclass(frozen=True)
class RechargeResult:
    ok: bool
    reason: str | None = None  # invalid_card, used_card, expired_card, unknown_number
    amount_fen: int = 0
    new_balance_fen: int | None = None


def redeem(db: Session, line: Line | None, serial: str, card_pin: str, key: bytes,
           now: datetime, actor: str) -> RechargeResult:
    if line is None:
        return RechargeResult(False, "unknown_number")
    card = db.scalar(select(RechargeCard).where(RechargeCard.serial == serial))
    if card is None or not secret_matches(key, bytes.fromhex(card.pin_salt), card_pin,
                                          card.pin_hash):
        audit(db, actor, "card_rejected", "recharge_card", serial, line_id=line.id)
        return RechargeResult(False, "invalid_card")
    if card.status != "issued":
        return RechargeResult(False, "used_card" if card.status == "used" else "invalid_card")
    if card.expires_on < now.date():
        return RechargeResult(False, "expired_card")
    claimed = db.execute(
        update(RechargeCard).where(RechargeCard.id == card.id, RechargeCard.status == "issued")
        .values(status="used", used_at=now, used_by_line_id=line.id)
    ).rowcount
    if claimed != 1:
        return RechargeResult(False, "used_card")
    payment = apply_payment(db, line.account_id, card.face_value_fen, "card", serial, actor,
                            now.date())
    db.execute(update(RechargeCard).where(RechargeCard.id == card.id)
               .values(payment_id=payment.id))
    balance = db.scalar(select(Account.balance_fen).where(Account.id == line.account_id))
    return RechargeResult(True, amount_fen=card.face_value_fen, new_balance_fen=balance)
