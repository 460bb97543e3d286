"""CPU time per request of /healthz and of the IVR's hot routes, inside one process.

The ASGI app is called directly (no sockets, no HTTP parsing, no client), one request at a
time, on the same 100k-customer demo database as bench/ivr_api.py. CPU time, not wall time:
the figures hold on a machine that is busy with other work, where the throughput benchmark
is noisy. They leave out uvicorn's share (the HTTP layer, the same for every request).

It also times the same database work alone (the services on a DBAPI connection, no HTTP,
no framework), to show how much of each route is its SQL and how much the request around it.

    python bench/ivr_inprocess.py [--customers 100000] [--requests 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import time
from typing import Any

from _server import bench_database  # noqa: E402  (run as a script from bench/)

ROUTES = ("healthz", "identify", "verify", "balance")


class InProcessClient:
    """Just enough ASGI to send one request to the app and read its JSON reply."""

    def __init__(self, app: Any, service_token: str) -> None:
        self.app = app
        self.auth = (b"authorization", f"Bearer {service_token}".encode())

    async def __call__(self, method: str, path: str, body: Any = None,
                       headers: tuple[tuple[bytes, bytes], ...] = ()) -> Any:
        raw = b"" if body is None else json.dumps(body).encode()
        sent_headers = [(b"host", b"127.0.0.1"), self.auth, *headers]
        if body is not None:
            sent_headers += [(b"content-type", b"application/json"),
                             (b"content-length", str(len(raw)).encode())]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
                 "query_string": b"", "root_path": "", "headers": sent_headers,
                 "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80), "state": {}}
        delivered = False
        reply: dict[str, Any] = {"body": b""}

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:  # the app only asks again to notice a disconnect
                await asyncio.Event().wait()
            delivered = True
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                reply["status"] = message["status"]
            elif message["type"] == "http.response.body":
                reply["body"] += message.get("body", b"")

        await self.app(scope, receive, send)
        if reply.get("status") != 200:
            raise RuntimeError(f"{path} answered {reply.get('status')}: {reply['body']!r}")
        return json.loads(reply["body"])


async def measure(client: InProcessClient, customers: int, requests: int) -> dict[str, float]:
    """Mean CPU ms per request of each route, over `requests` IVR sequences after a warm-up."""
    from backoffice.demo.reference import DEMO_PIN

    numbers = [f"139{index * 2:08d}" for index in range(5, customers)]
    pick = random.Random(7).choice
    spent = dict.fromkeys(ROUTES, 0.0)
    warm_up = max(requests // 10, 50)
    run = f"{os.getpid()}-{int(time.time())}"
    for i in range(warm_up + requests):
        number = pick(numbers)
        t0 = time.process_time()
        await client("GET", "/healthz")
        t1 = time.process_time()
        await client("POST", "/ivr/v1/identify", {"caller_number": number})
        t2 = time.process_time()
        verified = await client("POST", "/ivr/v1/pin/verify",
                                {"call_id": f"inprocess-{run}-{i}", "number": number, "pin": DEMO_PIN})
        t3 = time.process_time()
        await client("GET", "/ivr/v1/balance", headers=((b"x-caller-token", verified["token"].encode()),))
        t4 = time.process_time()
        if i >= warm_up:
            for route, spent_s in zip(ROUTES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                spent[route] += spent_s
    return {route: 1000 * seconds / requests for route, seconds in spent.items()}


def database_alone(app: Any, customers: int, requests: int) -> dict[str, float]:
    """Mean CPU ms of each route's database work alone, as the routes do it."""
    from backoffice.db.base import utcnow
    from backoffice.db.direct import direct_read, direct_write
    from backoffice.demo.reference import DEMO_PIN
    from backoffice.services import billing_queries, calls, lines, pins

    engine, settings = app.state.engine, app.state.settings
    numbers = [f"139{index * 2:08d}" for index in range(5, customers)]
    pick = random.Random(11).choice
    spent = dict.fromkeys(ROUTES[1:], 0.0)
    run = f"alone-{os.getpid()}-{int(time.time())}"
    for i in range(requests):
        number = pick(numbers)
        t0 = time.process_time()
        with direct_read(engine) as db:
            lines.identify(db, number, settings.today())
        t1 = time.process_time()
        with direct_write(engine) as db:
            line = lines.find_pin_line(db, number)
            assert line is not None
            pins.verify(db, line, DEMO_PIN, settings.pin_key_bytes, settings.pin_policy, utcnow(), "ivr")
            calls.mark_verified(db, f"{run}-{i}", line.id, line.number, line.customer_id)
        t2 = time.process_time()
        with direct_read(engine) as db:
            billing_queries.balance_of_line(db, line.id)
        t3 = time.process_time()
        for route, spent_s in zip(ROUTES[1:], (t1 - t0, t2 - t1, t3 - t2), strict=True):
            spent[route] += spent_s
    return {route: 1000 * seconds / requests for route, seconds in spent.items()}


def main(customers: int, requests: int) -> None:
    os.environ["CALLCENTER_DATABASE_URL"] = bench_database(customers)
    os.environ["CALLCENTER_LOG_LEVEL"] = "WARNING"
    os.environ["CALLCENTER_RUN_DISPATCHER"] = "false"  # its thread's CPU would count here
    from backoffice.app import create_app
    from backoffice.config import Settings

    app = create_app()
    client = InProcessClient(app, Settings().ivr_service_token)
    ms = asyncio.run(measure(client, customers, requests))
    alone = database_alone(app, customers, requests)
    ivr = (ms["identify"] + ms["verify"] + ms["balance"]) / 3
    print(f"IVR API in process: {customers} customers, SQLite, {requests} sequences, CPU ms per request")
    print("  " + "  ".join(f"{route} {ms[route]:.3f}" for route in ROUTES) + f"  | IVR mean {ivr:.3f}")
    print(f"  ratio /healthz : IVR mean = {ms['healthz'] / ivr:.2f}")
    print("  the database work alone (no HTTP, no framework): "
          + "  ".join(f"{route} {alone[route]:.3f}" for route in ROUTES[1:])
          + f"  | mean {sum(alone.values()) / 3:.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    main(args.customers, args.requests)
