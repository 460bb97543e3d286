"""Pure generation of demo rows: the same seed, size and day always give the same data.

Customers are generated one at a time from their own seeded random stream, so a chunk of
customers can be produced and inserted without holding the whole data set in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from backoffice.demo.reference import (
    DEMO_PIN,
    EN_NAMES,
    GIVEN,
    PLANS,
    RURAL_AREAS,
    SHOWCASE,
    SURNAMES,
    URBAN_AREAS,
    Showcase,
)
from backoffice.domain.arrears import BillDue, months_in_arrears, target_state
from backoffice.domain.pins import hash_pin

Row = dict[str, Any]
BILL_MONTHS = 3
DUE_DAY = 20


@dataclass
class Rows:
    """Rows for one chunk of customers, by table name, in insertion order."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {
        name: [] for name in ("customers", "accounts", "lines", "bills", "bill_items", "payments",
                              "calls")
    })

    def add(self, table: str, row: Row) -> None:
        self.tables[table].append(row)


@dataclass
class Counters:
    """Running ids for tables whose row count per customer varies."""

    bill_item: int = 0
    payment: int = 0
    call: int = 0

    def next(self, name: str) -> int:
        value = getattr(self, name) + 1
        setattr(self, name, value)
        return value


def month_start(d: date, months_back: int) -> date:
    index = d.year * 12 + d.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def at(d: date, rng: random.Random) -> datetime:
    """A moment during business hours of day `d`, in UTC."""
    return datetime.combine(d, time(rng.randint(1, 12), rng.randint(0, 59)), tzinfo=UTC)


class DemoGenerator:
    def __init__(self, seed: int, today: date, pin_key: bytes) -> None:
        self.seed = seed
        self.today = today
        self.pin_key = pin_key
        self.counters = Counters()
        self.periods = [month_start(today, n) for n in range(BILL_MONTHS, 0, -1)]

    def chunk(self, start: int, stop: int) -> Rows:
        rows = Rows()
        for index in range(start, stop):
            self._customer(index, rows)
        return rows

    def _customer(self, index: int, rows: Rows) -> None:
        rng = random.Random(f"{self.seed}:customer:{index}")
        showcase = SHOWCASE[index] if index < len(SHOWCASE) else None
        cid = index + 1
        language = showcase.language if showcase else ("en" if rng.random() < 0.05 else "zh")
        area = showcase.area if showcase else _area(rng)
        rows.add("customers", {
            "id": cid,
            "name": showcase.name if showcase else _name(rng, language),
            "id_document": f"3101**********{rng.randint(0, 9999):04d}",
            "vip_level": showcase.vip_level if showcase else rng.choices([0, 1, 2, 3],
                                                                          [85, 9, 4, 2])[0],
            "area": area,
            "language": language,
            "contact_number": None,
            "created_at": at(self.today - timedelta(days=rng.randint(120, 3000)), rng),
        })
        plan_id = rng.randint(1, len(PLANS))
        lines = self._lines(index, rng, showcase, plan_id, language, rows)
        arrears = showcase.arrears_months if showcase else rng.choices([0, 1, 2], [88, 7, 5])[0]
        balance, dues = self._bills(cid, [i for i, _ in lines], plan_id, arrears, rng, rows,
                                    showcase.prepaid_fen if showcase else None)
        state = target_state(months_in_arrears(dues, self.today))
        rows.add("accounts", {
            "id": cid, "customer_id": cid, "contract_number": f"88{cid:08d}",
            "balance_fen": balance, "credit_state": str(state),
            "credit_state_since": at(self.today - timedelta(days=rng.randint(1, 20)), rng),
            "created_at": at(self.today - timedelta(days=120), rng),
        })
        for _ in range(rng.choices([0, 1, 2, 3], [50, 25, 15, 10])[0]):
            self._past_call(cid, *lines[0], rng, rows)

    def _lines(self, index: int, rng: random.Random, showcase: Showcase | None, plan_id: int,
               language: str, rows: Rows) -> list[tuple[int, str]]:
        count = 1 if showcase or rng.random() < 0.8 else 2
        ids = []
        for k in range(count):
            line_id = index * 2 + k + 1
            number = showcase.number if showcase else f"139{index * 2 + k:08d}"
            salt = rng.randbytes(16)
            locked = bool(showcase and showcase.pin_locked)
            now = datetime.combine(self.today, time(0), tzinfo=UTC)
            rows.add("lines", {
                "id": line_id, "account_id": index + 1, "number": number, "plan_id": plan_id,
                "status": "stop_keep_number" if not showcase and rng.random() < 0.02 else "active",
                "call_forwarding_to": f"139{rng.randint(0, 10**8 - 1):08d}"
                if not showcase and rng.random() < 0.1 else None,
                "caller_id_enabled": showcase is not None or rng.random() < 0.9,
                "language": language if showcase else None,
                "pin_hash": hash_pin(self.pin_key, salt, DEMO_PIN), "pin_salt": salt.hex(),
                "pin_failures": 3 if locked else 0,
                "pin_locked_until": now + timedelta(days=2) if locked else None,
                "pin_changed_at": None, "last_used_at": now - timedelta(hours=rng.randint(1, 96)),
            })
            ids.append((line_id, number))
        return ids

    def _bills(self, cid: int, line_ids: list[int], plan_id: int, arrears_months: int,
               rng: random.Random, rows: Rows,
               prepaid_fen: int | None = None) -> tuple[int, list[BillDue]]:
        """Three monthly bills; the last `arrears_months` past-due ones stay unpaid, and a bill
        not yet due is paid by about half the customers."""
        _code, _zh, _en, fee, per_minute = PLANS[plan_id - 1]
        balance = 0
        dues = []
        past_due = [m for m, p in enumerate(self.periods)
                    if self.today > month_start(p, -1).replace(day=DUE_DAY)]
        unpaid_past_due = set(past_due[len(past_due) - arrears_months:]) if arrears_months else set()
        for m, period in enumerate(self.periods):
            bill_id = (cid - 1) * BILL_MONTHS + m + 1
            issued = month_start(period, -1)
            due = issued.replace(day=DUE_DAY)
            amount = 0
            for line_id in line_ids:
                amount += self._item(bill_id, line_id, "monthly_fee", None, 0, fee, rows)
                for _ in range(rng.randint(2, 6)):
                    minutes = rng.randint(1, 30)
                    day = period + timedelta(days=rng.randint(0, 27))
                    kind = rng.choices(["local", "long_distance"], [80, 20])[0]
                    rate = per_minute * (3 if kind == "long_distance" else 1)
                    amount += self._item(bill_id, line_id, kind, at(day, rng), minutes * 60,
                                         minutes * rate, rows)
            if m in past_due:
                paid = 0 if m in unpaid_past_due else amount
            else:  # not yet due: about half have paid (showcase lines with a balance have)
                paid = 0 if arrears_months or (rng.random() < 0.5 and not prepaid_fen) else amount
            rows.add("bills", {"id": bill_id, "account_id": cid, "period": period,
                               "amount_fen": amount, "paid_fen": paid, "issued_on": issued,
                               "due_date": due})
            if paid:
                self._payment(cid, paid, at(issued + timedelta(days=rng.randint(0, 18)), rng),
                              rng, rows)
            balance += paid - amount
            dues.append(BillDue(period=period, due_date=due, outstanding_fen=amount - paid))
        if arrears_months == 0:
            prepaid = prepaid_fen if prepaid_fen is not None else rng.choice(
                [0, 2000, 5000, 10000, 12345, 30000])
            if prepaid:
                self._payment(cid, prepaid, at(self.today - timedelta(days=3), rng), rng, rows)
                balance += prepaid
        return balance, dues

    def _item(self, bill_id: int, line_id: int, kind: str, started: datetime | None,
              duration_s: int, charge: int, rows: Rows) -> int:
        rows.add("bill_items", {
            "id": self.counters.next("bill_item"), "bill_id": bill_id, "line_id": line_id,
            "kind": kind, "started_at": started,
            "called_number": None if started is None else f"0{21 + (duration_s % 7)}6{duration_s:07d}",
            "duration_s": duration_s, "charge_fen": charge,
        })
        return charge

    def _payment(self, cid: int, amount: int, when: datetime, rng: random.Random,
                 rows: Rows) -> None:
        method = rng.choice(["card", "agent", "api"])
        rows.add("payments", {
            "id": self.counters.next("payment"), "account_id": cid, "amount_fen": amount,
            "method": method, "reference": f"DEMO-{cid}-{self.counters.payment}",
            "created_by": "demo", "created_at": when,
        })

    def _past_call(self, cid: int, line_id: int, number: str, rng: random.Random,
                   rows: Rows) -> None:
        call_id = self.counters.next("call")
        started = at(self.today - timedelta(days=rng.randint(1, 60)), rng)
        contained = rng.random() < 0.6
        rows.add("calls", {
            "id": call_id, "call_uuid": f"demo-{self.seed}-{call_id}",
            "caller_number": number, "line_id": line_id, "customer_id": cid, "direction": "inbound",
            "language": "zh", "started_at": started,
            "ended_at": started + timedelta(seconds=rng.randint(30, 600)),
            "ivr_path": ["main", "query", "balance"] if contained else ["main", "agent"],
            "outcome": "self_service" if contained else "agent", "contained": contained,
            "verified": contained, "recording_path": None,
        })


def _area(rng: random.Random) -> str:
    return rng.choice(URBAN_AREAS) if rng.random() < 0.9 else rng.choice(RURAL_AREAS)


def _name(rng: random.Random, language: str) -> str:
    if language == "en":
        return rng.choice(EN_NAMES)
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(start + size, total)
