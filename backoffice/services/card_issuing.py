"""Issue and void prepaid recharge cards (缴费卡). Redeeming them is `recharge`.

A card's PIN exists in clear only in the value returned by ``issue_cards``: the database
holds its keyed hash (see ``domain.keyed_hash``), and nothing here logs or audits it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from backoffice.db.models import RechargeCard
from backoffice.domain.keyed_hash import hash_secret, new_salt
from backoffice.domain.luhn import luhn_check_digit
from backoffice.services.audit import audit

SERIAL_LEAD = "8"  # demo cards start with 9; issued cards are told apart at a glance
SERIAL_RANDOM_DIGITS = 10
CARD_PIN_DIGITS = 16
MAX_BATCH = 100
ISSUED, USED, VOID = "issued", "used", "void"


class CardNotFound(LookupError):
    pass


class CardAlreadyUsed(Exception):
    """A used card has paid money in; voiding it now would change nothing but the record."""


@dataclass(frozen=True)
class NewCard:
    serial: str
    card_pin: str = field(repr=False)
    face_value_fen: int
    expires_on: date
    status: str = ISSUED


def _random_digits(count: int) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(count))


def new_serial() -> str:
    """12 digits: a lead digit, 10 random digits, a Luhn check digit against typing slips."""
    payload = SERIAL_LEAD + _random_digits(SERIAL_RANDOM_DIGITS)
    return payload + luhn_check_digit(payload)


def _fresh_serials(db: Session, count: int) -> list[str]:
    serials: set[str] = set()
    while len(serials) < count:
        wanted = {new_serial() for _ in range(count - len(serials))} - serials
        taken = set(db.scalars(select(RechargeCard.serial).where(RechargeCard.serial.in_(wanted))))
        serials |= wanted - taken
    return sorted(serials)


def issue_cards(db: Session, count: int, face_value_fen: int, expires_on: date, pin_key: bytes,
                actor: str) -> list[NewCard]:
    """Create ``count`` cards in the caller's transaction; their PINs are returned only here."""
    if not 1 <= count <= MAX_BATCH:
        raise ValueError(f"a batch holds 1 to {MAX_BATCH} cards")
    if face_value_fen <= 0:
        raise ValueError("a card's face value must be positive")
    cards = []
    for serial in _fresh_serials(db, count):
        pin = _random_digits(CARD_PIN_DIGITS)
        salt = new_salt()
        db.add(RechargeCard(serial=serial, pin_hash=hash_secret(pin_key, salt, pin),
                            pin_salt=salt.hex(), face_value_fen=face_value_fen, status=ISSUED,
                            expires_on=expires_on))
        cards.append(NewCard(serial, pin, face_value_fen, expires_on))
    db.flush()
    audit(db, actor, "cards_issued", "recharge_card", cards[0].serial, count=count,
          face_value_fen=face_value_fen, expires_on=expires_on.isoformat(),
          serials=[c.serial for c in cards])
    return cards


def find_card(db: Session, serial: str) -> RechargeCard | None:
    return db.scalar(select(RechargeCard).where(RechargeCard.serial == serial))


def void_card(db: Session, serial: str, actor: str) -> RechargeCard:
    """Void an unused card (lost, stolen, misprinted). Voiding a void card changes nothing."""
    card = find_card(db, serial)
    if card is None:
        raise CardNotFound(serial)
    voided = cast("CursorResult[Any]", db.execute(update(RechargeCard).where(
        RechargeCard.id == card.id, RechargeCard.status == ISSUED).values(status=VOID))).rowcount
    db.refresh(card)
    if voided:
        audit(db, actor, "card_voided", "recharge_card", serial)
    elif card.status == USED:
        raise CardAlreadyUsed(serial)
    return card
