"""IVR API throughput and latency on the 100k-customer demo data, one uvicorn worker, SQLite.

Prints, measured in one run: (a) an empty endpoint (/healthz) and (b) the IVR sequence
identify → verify PIN → balance, each at a fixed offered rate of 300 req/s and at the maximum,
and the ratio (b)/(a) of maximum request rates. Targets: ratio ≥ 0.5; p99 ≤ 20 ms at 300 req/s.

    python bench/ivr_api.py [--customers 100000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random

import httpx
from _load import fixed_rate, max_rate  # noqa: E402  (run as a script from bench/)
from _server import bench_database, server

from backoffice.config import Settings
from backoffice.demo.reference import DEMO_PIN

RATE = 300.0


def numbers(customers: int) -> list[str]:
    """Demo line numbers (see backoffice/demo/generate.py): 139 + 8 digits, index*2."""
    return [f"139{index * 2:08d}" for index in range(5, customers)]


def scenarios(token: str, customers: int):  # type: ignore[no-untyped-def]
    lines = numbers(customers)
    auth = {"Authorization": f"Bearer {token}"}

    async def empty(client: httpx.AsyncClient, _i: int) -> int:
        (await client.get("/healthz")).raise_for_status()
        return 1

    async def ivr_sequence(client: httpx.AsyncClient, i: int) -> int:
        number = random.Random(i).choice(lines)
        (await client.post("/ivr/v1/identify", json={"caller_number": number},
                           headers=auth)).raise_for_status()
        verified = await client.post("/ivr/v1/pin/verify", headers=auth, json={
            "call_id": f"bench-{i}", "number": number, "pin": DEMO_PIN})
        verified.raise_for_status()
        caller = {**auth, "X-Caller-Token": verified.json()["token"]}
        (await client.get("/ivr/v1/balance", headers=caller)).raise_for_status()
        return 3

    return empty, ivr_sequence


async def main(customers: int, seconds: float) -> None:
    url = bench_database(customers)
    token = Settings().ivr_service_token
    empty, ivr_sequence = scenarios(token, customers)
    with server(url) as base:
        await max_rate(base, empty, 16, 1.0)  # warm-up
        a_fixed = await fixed_rate(base, empty, RATE, seconds)
        b_fixed = await fixed_rate(base, ivr_sequence, RATE / 3, seconds)
        a_max = await max_rate(base, empty, 32, seconds)
        b_max = await max_rate(base, ivr_sequence, 32, seconds)
    print(f"IVR API benchmark: {customers} customers, SQLite, one uvicorn worker, {seconds:.0f} s each")
    print(a_fixed.line("(a) /healthz at 300 req/s"))
    print(b_fixed.line("(b) IVR sequence at 300 req/s"))
    print(a_max.line("(a) /healthz at max"))
    print(b_max.line("(b) IVR sequence at max"))
    print("   (b) latencies are per sequence of 3 requests")
    print(f"ratio (b)/(a) of max req/s: {b_max.rps / a_max.rps:.2f}   (target >= 0.5)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    asyncio.run(main(args.customers, args.seconds))
