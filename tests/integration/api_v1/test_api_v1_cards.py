"""Recharge cards: issued with a PIN shown once and stored only hashed; status; void."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.config import Settings
from backoffice.db.models import AuditLog, Line, RechargeCard
from backoffice.domain.keyed_hash import secret_matches
from backoffice.domain.luhn import luhn_is_valid
from backoffice.services.recharge import redeem


def issue(api: TestClient, **body: object) -> list[dict[str, object]]:
    response = api.post("/api/v1/recharge-cards", json=body)
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()["cards"]  # type: ignore[no-any-return]


def test_issued_cards_carry_their_pin_once_and_the_database_only_its_hash(
    api: TestClient, app_engine: Engine, settings: Settings, today: date,
) -> None:
    cards = issue(api, face_value_fen=5000, count=3)
    assert len({c["serial"] for c in cards}) == 3
    with Session(app_engine) as db:
        for card in cards:
            serial, pin = str(card["serial"]), str(card["card_pin"])
            assert luhn_is_valid(serial) and len(pin) == 16 and pin.isdigit()
            row = db.scalars(select(RechargeCard).where(RechargeCard.serial == serial)).one()
            assert pin not in (row.pin_hash, row.pin_salt)
            assert secret_matches(settings.pin_key_bytes, bytes.fromhex(row.pin_salt), pin,
                                  row.pin_hash)
            assert (row.status, row.face_value_fen) == ("issued", 5000)
            assert row.expires_on == today + timedelta(days=365)
        audit_text = json.dumps([r.details for r in db.scalars(select(AuditLog))])
    assert all(str(c["card_pin"]) not in audit_text for c in cards)
    status = api.get(f"/api/v1/recharge-cards/{cards[0]['serial']}")
    assert status.json()["status"] == "issued"
    assert str(cards[0]["card_pin"]) not in status.text and "pin" not in status.json()


def test_voiding_an_issued_card_stops_it_and_is_repeatable(
    api: TestClient, app_engine: Engine, settings: Settings,
) -> None:
    card = issue(api, face_value_fen=3000, expires_on=(date.today() + timedelta(days=30))
                 .isoformat())[0]
    first = api.post(f"/api/v1/recharge-cards/{card['serial']}/void")
    again = api.post(f"/api/v1/recharge-cards/{card['serial']}/void")
    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == again.json()["status"] == "void"
    assert api.get(f"/api/v1/recharge-cards/{card['serial']}").json()["status"] == "void"


@pytest.mark.usefixtures("demo")
def test_a_used_card_cannot_be_voided(
    api: TestClient, app_engine: Engine, settings: Settings,
) -> None:
    card = issue(api, face_value_fen=2000)[0]
    with Session(app_engine) as db, db.begin():
        line = db.scalars(select(Line).where(Line.number == "13800000001")).one()
        result = redeem(db, line, str(card["serial"]), str(card["card_pin"]),
                        settings.pin_key_bytes, datetime.now(UTC), "test")
        assert result.ok
    response = api.post(f"/api/v1/recharge-cards/{card['serial']}/void")
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/card-not-voidable"
    status = api.get(f"/api/v1/recharge-cards/{card['serial']}").json()
    assert status["status"] == "used" and status["payment_id"] is not None


def test_unknown_cards_are_404(api: TestClient) -> None:
    assert api.get("/api/v1/recharge-cards/123456789").status_code == 404
    assert api.post("/api/v1/recharge-cards/123456789/void").status_code == 404


@pytest.mark.parametrize("body", [
    {"face_value_fen": 0}, {"face_value_fen": 100_001}, {"face_value_fen": 50.5},
    {"face_value_fen": 5000, "count": 0}, {"face_value_fen": 5000, "count": 101},
    {"face_value_fen": 5000, "expires_on": "2000-01-01"},
    {"face_value_fen": 5000, "expires_on": "2099-01-01"},
    {"face_value_fen": 5000, "expires_on": "tomorrow"}, {"count": 1},
])
def test_bad_batches_are_422_and_issue_nothing(
    api: TestClient, app_engine: Engine, body: dict[str, object],
) -> None:
    response = api.post("/api/v1/recharge-cards", json=body)
    assert response.status_code == 422, response.text
    with Session(app_engine) as db:
        assert db.scalars(select(RechargeCard)).all() == []
