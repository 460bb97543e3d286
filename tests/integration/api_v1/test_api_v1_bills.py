"""Bills of an account and a bill with its itemized records (清单)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.db.models import AuditLog, Bill, BillItem

pytestmark = pytest.mark.usefixtures("demo")


def test_bill_lists_every_item_with_its_line_number(api: TestClient, app_engine: Engine) -> None:
    with Session(app_engine) as db:
        bill_id = db.scalars(select(BillItem.bill_id).group_by(BillItem.bill_id)
                             .order_by(func.count().desc()).limit(1)).one()
        bill = db.get(Bill, bill_id)
        assert bill is not None
        item_count = len(bill.items)
        charges = sum(i.charge_fen for i in bill.items)
    body = api.get(f"/api/v1/bills/{bill_id}").json()
    assert body["id"] == bill_id and len(body["items"]) == item_count > 1
    assert sum(i["charge_fen"] for i in body["items"]) == charges
    assert body["outstanding_fen"] == body["amount_fen"] - body["paid_fen"]
    assert all(i["line_number"].isdigit() for i in body["items"])
    with Session(app_engine) as db:
        assert db.scalars(select(AuditLog.action).where(AuditLog.object_id == str(bill_id))
                          ).all() == ["bill_read"]


def test_bills_of_an_unknown_account_is_404(api: TestClient) -> None:
    assert api.get("/api/v1/accounts/424242/bills").status_code == 404
    assert api.get("/api/v1/accounts/424242/payments").status_code == 404
    assert api.get("/api/v1/bills/424242").status_code == 404
