"""IVR API throughput and latency on the 100k-customer demo data, one uvicorn worker, SQLite.

Prints, measured in one run: (a) an empty endpoint (/healthz) and (b) the IVR sequence
identify → verify PIN → balance, each at a fixed offered rate of 300 req/s and at the maximum,
and the ratio (b)/(a) of maximum request rates. Targets: ratio ≥ 0.5; p99 ≤ 20 ms at 300 req/s.

The maximum rates are measured in alternating rounds, (a) then (b), and the ratio is the
median of the rounds' ratios: a shared machine's speed drifts by tens of percent within a
minute, and a round's two halves, measured back to back, drift together.

    python bench/ivr_api.py [--customers 100000] [--seconds 10] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Awaitable
from typing import Any

import aiohttp
from _load import Record, Result, combined, fixed_rate, max_rate, median  # noqa: E402  (run as a script from bench/)
from _server import Server, bench_database, server

from backoffice.config import Settings
from backoffice.demo.reference import DEMO_PIN

RATE = 300.0


def numbers(customers: int) -> list[str]:
    """Demo line numbers (see backoffice/demo/generate.py): 139 + 8 digits, index*2."""
    return [f"139{index * 2:08d}" for index in range(5, customers)]


def scenarios(token: str, customers: int):  # type: ignore[no-untyped-def]
    lines = numbers(customers)
    auth = {"Authorization": f"Bearer {token}"}

    async def call(client: aiohttp.ClientSession, record: Record, method: str, path: str,
                   **kwargs: Any) -> Any:
        started = time.perf_counter()
        async with client.request(method, path, **kwargs) as response:
            response.raise_for_status()
            body = await response.json()
        record((time.perf_counter() - started) * 1000)
        return body

    async def empty(client: aiohttp.ClientSession, _i: int, record: Record) -> int:
        await call(client, record, "GET", "/healthz")
        return 1

    async def ivr_sequence(client: aiohttp.ClientSession, i: int, record: Record) -> int:
        number = random.Random(i).choice(lines)
        await call(client, record, "POST", "/ivr/v1/identify", headers=auth,
                   json={"caller_number": number})
        verified = await call(client, record, "POST", "/ivr/v1/pin/verify", headers=auth,
                              json={"call_id": f"bench-{i}", "number": number, "pin": DEMO_PIN})
        await call(client, record, "GET", "/ivr/v1/balance",
                   headers={**auth, "X-Caller-Token": verified["token"]})
        return 3

    return empty, ivr_sequence


async def measured(serving: Server, load: Awaitable[Result]) -> Result:
    """`load`'s result with the CPU time the server and this client used meanwhile: at the
    maximum the server should be the busy one (about 100% of a core), else the client or
    another process on the machine set the pace."""
    server_before, client_before = serving.cpu_seconds(), time.process_time()
    result = await load
    result.server_cpu_s = serving.cpu_seconds() - server_before
    result.client_cpu_s = time.process_time() - client_before
    return result


async def main(customers: int, seconds: float, rounds: int) -> None:
    url = bench_database(customers)
    token = Settings().ivr_service_token
    empty, ivr_sequence = scenarios(token, customers)
    with server(url) as serving:
        base = serving.base
        await max_rate(base, empty, 16, 1.0)  # warm-up
        await max_rate(base, ivr_sequence, 16, 1.0)
        a_fixed = await measured(serving, fixed_rate(base, empty, RATE, seconds))
        b_fixed = await measured(serving, fixed_rate(base, ivr_sequence, RATE / 3, seconds))
        a_rounds: list[Result] = []
        b_rounds: list[Result] = []
        for _ in range(rounds):
            a_rounds.append(await measured(serving, max_rate(base, empty, 32, seconds / 2)))
            b_rounds.append(await measured(serving, max_rate(base, ivr_sequence, 32, seconds / 2)))
    print(f"IVR API benchmark: {customers} customers, SQLite, one uvicorn worker;"
          f" {seconds:.0f} s at 300 req/s, {rounds} x {seconds / 2:.0f} s at max")
    print(a_fixed.line("(a) /healthz at 300 req/s"))
    print(b_fixed.line("(b) IVR sequence at 300 req/s"))
    print(combined(a_rounds).line("(a) /healthz at max"))
    print(combined(b_rounds).line("(b) IVR sequence at max"))
    print("   a run of (b) is the sequence of 3 requests; at a fixed rate a run's latency counts")
    print("   from its scheduled start, so queueing in the server is not hidden")
    ratios = [b.rps / a.rps for a, b in zip(a_rounds, b_rounds, strict=True)]
    print("rounds at max, (a) req/s, (b) req/s, ratio: " + ";  ".join(
        f"{a.rps:.0f} {b.rps:.0f} {b.rps / a.rps:.2f}" for a, b in zip(a_rounds, b_rounds, strict=True)))
    print(f"ratio (b)/(a) of max req/s, median of {rounds} rounds: {median(ratios):.2f}"
          f" (rounds {min(ratios):.2f}-{max(ratios):.2f})   (targets: >= 0.5; p99 <= 20 ms at 300 req/s)")
    cpu_ratios = [a.server_cpu_ms_per_request / b.server_cpu_ms_per_request
                  for a, b in zip(a_rounds, b_rounds, strict=True)]
    print(f"   cross-check, less sensitive to other load on the machine: server CPU per request"
          f" (a)/(b) at max, median = {median(cpu_ratios):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(main(args.customers, args.seconds, args.rounds))
