"""Prepaid recharge cards: issue a batch (PINs shown once), read a card's status, void one.

Card issuance is deliberately *not* idempotent by key: replaying a stored response would
mean storing the card PINs, which must exist in clear only in the one response.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response

from backoffice.api.problems import NotFound, Unprocessable
from backoffice.api.v1.auth import ReadBilling, WriteCards
from backoffice.api.v1.deps import ReadSessionsDep, SettingsDep, WriteSessionsDep
from backoffice.api.v1.errors import CardNotVoidable
from backoffice.api.v1.params import CardSerial
from backoffice.api.v1.schemas.cards import CardBatch, CardIssue, CardStatus, IssuedCard
from backoffice.api.v1.schemas.common import problems
from backoffice.services.card_issuing import (
    CardAlreadyUsed,
    CardNotFound,
    find_card,
    issue_cards,
    void_card,
)

router = APIRouter(tags=["recharge cards"])
DEFAULT_VALIDITY = timedelta(days=365)
MAX_VALIDITY = timedelta(days=5 * 365)


@router.post("/recharge-cards", status_code=201, response_model=CardBatch,
             summary="Issue recharge cards (PINs returned once)")
def issue(body: CardIssue, client: WriteCards, sessions: WriteSessionsDep,
          settings: SettingsDep, response: Response) -> CardBatch:
    """Create `count` cards of one face value. Each card's PIN is in this response only:
    the system keeps just a keyed hash of it, so print or hand over the PINs now."""
    today = settings.today()
    expires_on = body.expires_on or today + DEFAULT_VALIDITY
    if not today < expires_on <= today + MAX_VALIDITY:
        raise Unprocessable(f"expires_on must be after today and within "
                            f"{MAX_VALIDITY.days} days ({today + MAX_VALIDITY})")
    with sessions() as db, db.begin():
        cards = issue_cards(db, body.count, body.face_value_fen, expires_on,
                            settings.pin_key_bytes, client.actor)
    response.headers["Cache-Control"] = "no-store"
    return CardBatch(cards=[IssuedCard(serial=c.serial, card_pin=c.card_pin,
                                       face_value_fen=c.face_value_fen,
                                       expires_on=c.expires_on, status=c.status)
                            for c in cards])


@router.get("/recharge-cards/{serial}", response_model=CardStatus,
            summary="A card's status (never its PIN)", responses=problems(404))
def get_card(serial: CardSerial, client: ReadBilling, sessions: ReadSessionsDep) -> CardStatus:
    with sessions() as db:
        card = find_card(db, serial)
        if card is None:
            raise NotFound(f"there is no card {serial}")
        return CardStatus.model_validate(card)


@router.post("/recharge-cards/{serial}/void", response_model=CardStatus,
             summary="Void an unused card", responses=problems(404, 409))
def void(serial: CardSerial, client: WriteCards, sessions: WriteSessionsDep) -> CardStatus:
    """A voided card can no longer be redeemed. Voiding a void card changes nothing; a card
    already used cannot be voided (409)."""
    try:
        with sessions() as db, db.begin():
            card = void_card(db, serial, client.actor)
            return CardStatus.model_validate(card)
    except CardNotFound:
        raise NotFound(f"there is no card {serial}") from None
    except CardAlreadyUsed:
        raise CardNotVoidable(f"card {serial} has already been used to pay; it cannot be "
                              "voided") from None
