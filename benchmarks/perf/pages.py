"""Sequential page latency of one running mock: the first page and a page from the middle of the data."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import httpx

_WARMUP = 20


@dataclass(frozen=True)
class PageLatency:
    median_ms: float
    p99_ms: float
    tasks: int
    """Tasks in the page (a 20-task page is what is being timed, so the report shows it)."""


CURSOR_SECRET = "benchmark-cursor-secret"
"""The mock is started with `--cursor-secret CURSOR_SECRET` (its default is random per world)."""


def deep_cursor(owner: str) -> str:
    """A `next_since` pointing at the middle of a generated world's time span, as the mock itself would sign it.

    Walking there page by page would take minutes at 1M tasks; the mock checks only the signature and
    the owner, and a cursor is a position, so this is the page a client reaches halfway through.
    """
    from mock.beeos.generate import NOW, SPAN
    from mock.core import cursors
    middle_us = (NOW - SPAN // 2) * 1_000_000
    return cursors.encode({"c": middle_us, "i": "tsk_~"}, CURSOR_SECRET, tenant=owner)


def measure(url: str, *, headers: dict[str, str], params: dict[str, str], requests: int) -> PageLatency:
    """Median and p99 of `requests` sequential GETs over one keep-alive connection (after a warm-up)."""
    timings = []
    with httpx.Client(headers=headers, timeout=10) as client:
        for i in range(_WARMUP + requests):
            start = time.perf_counter()
            response = client.get(url, params=params)
            elapsed = time.perf_counter() - start
            response.raise_for_status()
            if i >= _WARMUP:
                timings.append(elapsed * 1000)
        tasks = len(response.json()["data"]["tasks"])
    timings.sort()
    return PageLatency(statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.99))], tasks)
