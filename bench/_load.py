"""Load generation: open-loop at a fixed offered rate, or closed-loop at the maximum.

aiohttp, not httpx: with thousands of requests in flight httpx's connection pool costs the
client a whole core (it measured the client, not the server). The server runs in its own
process; this one only has to keep up.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp

# A scenario makes one or more requests and reports each one's latency (ms) to `record`.
Record = Callable[[float], None]
Scenario = Callable[[aiohttp.ClientSession, int, Record], Awaitable[int]]  # -> requests made


@dataclass
class Result:
    requests: int
    seconds: float
    latencies_ms: list[float]  # per scenario run (from its scheduled start at a fixed rate)
    errors: int
    request_latencies_ms: list[float]  # per request
    server_cpu_s: float | None = None  # CPU the server process used meanwhile (if measured)
    client_cpu_s: float | None = None  # CPU this (client) process used meanwhile

    @property
    def server_cpu_ms_per_request(self) -> float:
        if not self.server_cpu_s or not self.requests:
            return float("nan")
        return 1000 * self.server_cpu_s / self.requests

    def request_pct(self, p: float) -> float:
        return _pct(self.request_latencies_ms, p)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        return _pct(self.latencies_ms, p)

    def line(self, label: str) -> str:
        text = (f"{label:<32} {self.rps:7.1f} req/s  per request p50 {self.request_pct(50):6.2f} ms"
                f" p99 {self.request_pct(99):7.2f} ms  per run p99 {self.pct(99):7.2f} ms"
                f"  errors {self.errors}")
        if self.server_cpu_s is not None and self.client_cpu_s is not None:
            text += (f"\n{'':<32} server CPU {self.server_cpu_ms_per_request:5.3f} ms/request,"
                     f" server busy {self.server_cpu_s / self.seconds:4.0%},"
                     f" client busy {self.client_cpu_s / self.seconds:4.0%}")
        return text


def combined(results: list[Result]) -> Result:
    """Several measurements of one scenario as one (their requests, time and latencies)."""
    def total(values: list[float | None]) -> float | None:
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    return Result(
        requests=sum(r.requests for r in results), seconds=sum(r.seconds for r in results),
        latencies_ms=[x for r in results for x in r.latencies_ms],
        errors=sum(r.errors for r in results),
        request_latencies_ms=[x for r in results for x in r.request_latencies_ms],
        server_cpu_s=total([r.server_cpu_s for r in results]),
        client_cpu_s=total([r.client_cpu_s for r in results]))


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def fixed_rate(base: str, scenario: Scenario, runs_per_s: float, seconds: float) -> Result:
    """Start scenario runs on a fixed schedule; latency counts from the scheduled start, so a
    slow server cannot hide its queueing (no coordinated omission)."""
    latencies: list[float] = []
    per_request: list[float] = []
    counts = [0, 0]  # requests, errors
    async with _session(base, 200) as client:
        start = time.perf_counter()
        total = int(runs_per_s * seconds)

        async def one(i: int) -> None:
            scheduled = start + i / runs_per_s
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            try:
                # not `counts[0] += await ...`: that reads counts[0] before the await and
                # loses the other tasks' updates
                made = await scenario(client, i, per_request.append)
            except Exception:  # noqa: BLE001 - counted, the run goes on
                counts[1] += 1
                return
            counts[0] += made
            latencies.append((time.perf_counter() - scheduled) * 1000)

        await asyncio.gather(*(one(i) for i in range(total)))
        elapsed = time.perf_counter() - start
    return Result(counts[0], elapsed, latencies, counts[1], per_request)


async def max_rate(base: str, scenario: Scenario, concurrency: int, seconds: float) -> Result:
    latencies: list[float] = []
    per_request: list[float] = []
    counts = [0, 0]
    async with _session(base, concurrency) as client:
        start = time.perf_counter()
        stop = start + seconds
        seq = iter(range(10**9))

        async def worker() -> None:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                try:
                    made = await scenario(client, next(seq), per_request.append)
                except Exception:  # noqa: BLE001
                    counts[1] += 1
                    continue
                counts[0] += made
                latencies.append((time.perf_counter() - t0) * 1000)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return Result(counts[0], elapsed, latencies, counts[1], per_request)


def _session(base: str, connections: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        base_url=base, connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=10))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
