"""Where a mock request's time goes: drive `GET /api/v1/tasks?limit=20` through the ASGI app in-process under cProfile.

No socket and no server: the figures are the app's own cost per request (every Connexion middleware,
a2wsgi's thread hand-off, Flask, the handler, SQLite, JSON, the journal), grouped by the package
whose code ran (self time), then the top functions. cProfile follows one thread only, so every
thread a2wsgi starts gets its own profiler and the results are merged.

    .venv/bin/python benchmarks/profile_mock.py [--requests 2000] [--concurrency 1] [--top 25]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import collections
import io
import pstats
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TOKEN = "oag_demo_alice_main_NOT_A_SECRET"
# Self time is credited to the first of these found in the code's file path; the rest is "other".
_GROUPS = (
    ("connexion", "/connexion/"), ("starlette", "/starlette/"), ("a2wsgi", "/a2wsgi/"), ("flask", "/flask/"),
    ("werkzeug", "/werkzeug/"), ("jsonschema", "/jsonschema"), ("referencing", "/referencing/"),
    ("json", "/json/"), ("asyncio + threads", "/asyncio/"), ("asyncio + threads", "/concurrent/"),
    ("asyncio + threads", "/threading.py"), ("asyncio + threads", "/queue.py"), ("mock", "/mock/"),
    ("agent_tasks", "/agent_tasks/"), ("PyJWT", "/jwt/"),
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="profiled requests (default %(default)s)")
    parser.add_argument("--concurrency", type=int, default=1, help="requests in flight at once (default %(default)s)")
    parser.add_argument("--path", default="/api/v1/tasks", help="default %(default)s")
    parser.add_argument("--query", default="limit=20", help="default %(default)s")
    parser.add_argument("--top", type=int, default=25, help="functions listed by self time (default %(default)s)")
    return parser.parse_args(argv)


def scope(path: str, query: str) -> dict:
    """An ASGI HTTP scope as uvicorn builds it for a GET from wrk."""
    headers = [(b"host", b"127.0.0.1:4010"), (b"authorization", f"Bearer {TOKEN}".encode()), (b"accept", b"*/*")]
    return {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
        "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 4010),
    }


async def one_request(app, request_scope: dict) -> int:
    status = 0

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(dict(request_scope), receive, send)
    return status


async def drive(app, request_scope: dict, requests: int, concurrency: int) -> float:
    """Seconds for `requests` requests, `concurrency` in flight; every answer must be a 200."""
    async def worker(count: int) -> None:
        for _ in range(count):
            status = await one_request(app, request_scope)
            if status != 200:
                raise RuntimeError(f"the mock answered {status}, not 200")

    start = time.perf_counter()
    share, extra = divmod(requests, concurrency)
    await asyncio.gather(*(worker(share + (i < extra)) for i in range(concurrency)))
    return time.perf_counter() - start


def profiled(app, run) -> pstats.Stats:
    """Run `run()` with a profiler in this thread and in every WSGI thread (a fresh pool, so all start meanwhile)."""
    thread_profiles: list[cProfile.Profile] = []

    def start_thread_profile(frame, event, arg):
        sys.setprofile(None)
        profile = cProfile.Profile()
        thread_profiles.append(profile)
        profile.enable()

    wsgi = app._middleware_app.asgi_app  # a2wsgi's WSGIMiddleware; each request takes its executor anew
    warm_pool = wsgi.executor
    wsgi.executor = ThreadPoolExecutor(thread_name_prefix="WSGI", max_workers=warm_pool._max_workers)
    main = cProfile.Profile()
    threading.setprofile(start_thread_profile)
    main.enable()
    try:
        run()
    finally:
        main.disable()
        threading.setprofile(None)
        wsgi.executor.shutdown()
        wsgi.executor = warm_pool
    stats = pstats.Stats(main, stream=io.StringIO())
    for profile in thread_profiles:
        stats.add(profile)
    return stats


# Built-in calls by name: where threads sleep (not work) and a2wsgi's cross-thread wake-ups.
_BUILTINS = (
    ("waiting (idle pool threads, event loop)", ("SimpleQueue", "epoll", "acquire")),
    ("thread hand-off (self-pipe wake-ups)", ("'send' of '_socket.socket'",)),
    ("sqlite3 (C)", ("sqlite3",)),
)


def by_group(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Self time summed per package (or per kind of built-in call), largest first."""
    totals: dict[str, float] = collections.defaultdict(float)
    for (filename, _, name), (_, _, self_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        group = next((g for g, needle in _GROUPS if needle in filename), None)
        if group is None:
            group = next((g for g, needles in _BUILTINS if any(n in name for n in needles)), "other")
        totals[group] += self_time
    return sorted(totals.items(), key=lambda kv: -kv[1])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from mock.core.options import Options
    from mock.http.app import create_app

    scratch = tempfile.TemporaryDirectory(prefix="profile-mock-")
    app = create_app(Options(db_path=Path(scratch.name) / "world.sqlite"))
    request_scope = scope(args.path, args.query)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(drive(app, request_scope, 200, args.concurrency))  # builds the middleware stack, warms caches
        plain = loop.run_until_complete(drive(app, request_scope, args.requests, args.concurrency))
        print(f"{args.requests} x GET {args.path}?{args.query}, concurrency {args.concurrency}, no profiler: "
              f"{plain / args.requests * 1e6:,.0f} us/request = {args.requests / plain:,.0f} req/s in-process")
        stats = profiled(app, lambda: loop.run_until_complete(drive(app, request_scope, args.requests, args.concurrency)))
    finally:
        loop.close()
        scratch.cleanup()
    per_request = 1e6 / args.requests
    print("\nself time by package (us/request, profiled; the profiler inflates small calls):")
    for group, seconds in by_group(stats):
        print(f"  {group:<42} {seconds * per_request:8.0f}")
    print(f"\ntop {args.top} functions by self time:")
    stats.stream = sys.stdout  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
