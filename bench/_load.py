"""Load generation: open-loop at a fixed offered rate, or closed-loop at the maximum."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

Scenario = Callable[[httpx.AsyncClient, int], Awaitable[int]]  # returns requests made


@dataclass
class Result:
    requests: int
    seconds: float
    latencies_ms: list[float]  # per scenario run
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def line(self, label: str) -> str:
        return (f"{label:<34} {self.rps:8.1f} req/s   p50 {self.pct(50):7.2f} ms   "
                f"p99 {self.pct(99):7.2f} ms   errors {self.errors}")


async def fixed_rate(base: str, scenario: Scenario, runs_per_s: float, seconds: float) -> Result:
    """Start scenario runs on a fixed schedule; latency counts from the scheduled start, so a
    slow server cannot hide its queueing (no coordinated omission)."""
    latencies: list[float] = []
    counts = [0, 0]  # requests, errors
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        start = time.perf_counter()
        total = int(runs_per_s * seconds)

        async def one(i: int) -> None:
            scheduled = start + i / runs_per_s
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            try:
                # not `counts[0] += await ...`: that reads counts[0] before the await and
                # loses the other tasks' updates
                made = await scenario(client, i)
            except Exception:  # noqa: BLE001 - counted, the run goes on
                counts[1] += 1
                return
            counts[0] += made
            latencies.append((time.perf_counter() - scheduled) * 1000)

        await asyncio.gather(*(one(i) for i in range(total)))
        elapsed = time.perf_counter() - start
    return Result(counts[0], elapsed, latencies, counts[1])


async def max_rate(base: str, scenario: Scenario, concurrency: int, seconds: float) -> Result:
    latencies: list[float] = []
    counts = [0, 0]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        start = time.perf_counter()
        stop = start + seconds
        seq = iter(range(10**9))

        async def worker() -> None:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                try:
                    made = await scenario(client, next(seq))
                except Exception:  # noqa: BLE001
                    counts[1] += 1
                    continue
                counts[0] += made
                latencies.append((time.perf_counter() - t0) * 1000)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return Result(counts[0], elapsed, latencies, counts[1])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
