"""Soak: readers walk every tenant's pages while a writer adds, closes and removes tasks (admin API).

For each `--workers` value, one mock on 127.0.0.1 over the built-in fixtures (or `--fixtures`):
the first half of `--duration` only readers run, the second half a writer joins them. Readers
walk every BeeOS owner's `state=all` list by `next_since` and every orq agent's list by
`starting_after` (limit 7, so walks have many pages), and read every org organisation's list.
The writer loops over the BeeOS owners: POST a task, PATCH it closed, DELETE it. Printed: requests,
errors (any non-2xx answer or transport error; must be 0), read p50/p99 without and with the
writer, walks, and the walks' duplicates and gaps (must be 0). A walk's "gap" is a task of the
start-up world (never touched by the writer) that the walk did not return; a duplicate is a task
returned twice by one walk.

    .venv/bin/python benchmarks/soak.py                        # 60 s each for --workers 1 and 2
    .venv/bin/python benchmarks/soak.py --duration 10 --workers 2
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from perf import procs
from perf.report import table

ROOT = Path(__file__).resolve().parents[1]
_LIMIT = 7


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds per mock, half without the writer (default %(default)s)")
    parser.add_argument("--workers", type=int, action="append", help="the mock's --workers (repeatable; default 1 and 2)")
    parser.add_argument("--readers", type=int, default=4, help="reader threads (default %(default)s)")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "fixtures", help="world to serve (default: built-in)")
    args = parser.parse_args(argv)
    args.workers = args.workers or [1, 2]
    args.duration = min(max(args.duration, 2), 600)  # never an unbounded load
    return args


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    reads: dict[str, list[float]] = field(default_factory=lambda: {"alone": [], "writer": []})
    walks: int = 0
    duplicates: int = 0
    gaps: int = 0
    writes: int = 0

    def note(self, response: httpx.Response | None, what: str, *, ok=(200,), phase: str | None = None, seconds: float = 0.0) -> bool:
        with self.lock:
            self.requests += 1
            if response is None or response.status_code not in ok:
                self.errors.append(f"{what}: {response.status_code if response is not None else 'no answer'}")
                return False
            if phase is not None:
                self.reads[phase].append(seconds)
        return True


def _tenants(fixtures: Path) -> dict[str, list[dict]]:
    from agent_tasks.specs import read_yaml

    def token(t: dict) -> str:
        return next(c["token"] for c in t["credentials"] if not c.get("expires_at") or str(c["expires_at"]) > "2099")

    out = {}
    for api in ("beeos", "orq", "org"):
        rows = read_yaml(fixtures / api / "tenants.yaml")["tenants"]
        if api == "beeos":
            out[api] = [{"id": t["owner_id"], "token": token(t), "agents": [a["agent_id"] for a in t["agents"]],
                         "urls": ["/api/v1/tasks"]} for t in rows]
        elif api == "orq":
            out[api] = [{"id": t["id"], "token": token(t), "urls": [f"/v2/agents/{a['key']}/tasks" for a in t["agents"]]} for t in rows]
        else:
            out[api] = [{"id": t["id"], "token": token(t), "urls": [f"/api/v3/organizations/{t['id']}/ai/tasks"]} for t in rows]
    return out


def _walk(client: httpx.Client, api: str, url: str, token: str, tally: Tally, phase: str) -> list[str] | None:
    """Every id of one walk, in order (None if a page failed)."""
    ids: list[str] = []
    params: dict[str, str | int] = {"limit": _LIMIT, "state": "all"} if api == "beeos" else {"limit": _LIMIT if api == "orq" else 100}
    while True:
        started = time.perf_counter()
        try:
            response = client.get(url, params=params, headers={"Authorization": f"Bearer {token}"})
        except httpx.TransportError:
            response = None
        if not tally.note(response, f"GET {url}", phase=phase, seconds=time.perf_counter() - started):
            return None
        body = response.json()
        if api == "beeos":
            tasks, after = body["data"]["tasks"], body["data"]["next_since"] or None
            ids += [t["task_id"] for t in tasks]
            if after is None:
                return ids
            params["since"] = after
        elif api == "orq":
            ids += [t["_id"] for t in body["tasks"]]
            if len(body["tasks"]) < _LIMIT:
                return ids
            params["starting_after"] = ids[-1]
        else:
            return [t["taskId"] for t in body.get("tasks", [])]


def reader(base: str, tenants: dict, tally: Tally, expected: dict, state: dict, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    targets = [(api, t, url) for api, people in tenants.items() for t in people for url in t["urls"]]
    # One client (one keep-alive connection) per reader: creating one costs ~0.1 s of CPU.
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            api, tenant, url = rng.choice(targets)
            phase = state["phase"]
            ids = _walk(client, api, url, tenant["token"], tally, phase)
            if ids is None:
                continue
            with tally.lock:
                # The first walk of a list while no writer runs fixes the start-up world's ids of it.
                key = (api, url, tenant["id"])
                if key not in expected and phase == "alone":
                    expected[key] = frozenset(ids)
                tally.walks += 1
                tally.duplicates += len(ids) - len(set(ids))
                tally.gaps += len(expected.get(key, frozenset()) - set(ids))


def writer(base: str, owners: list[dict], tally: Tally, stop: threading.Event) -> None:
    rng = random.Random(1)
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            owner = rng.choice(owners)
            task = {"agent_id": owner["agents"][0], "metadata": {"soak": "1"}}
            try:
                created = client.post("/__mock/beeos/tasks", json={"tenant": owner["id"], "task": task})
            except httpx.TransportError:
                created = None
            if not tally.note(created, "POST /__mock/beeos/tasks", ok=(201,)):
                continue
            task_id = created.json()["task_id"]
            close = {"closed_at": created.json()["created_at"], "close_reason": "done"}
            for request in (lambda: client.patch(f"/__mock/beeos/tasks/{task_id}", json=close),
                            lambda: client.delete(f"/__mock/beeos/tasks/{task_id}")):
                try:
                    response = request()
                except httpx.TransportError:
                    response = None
                tally.note(response, f"admin edit of {task_id}", ok=(200, 204))
            with tally.lock:
                tally.writes += 1


def soak(workers: int, args: argparse.Namespace, tenants: dict) -> Tally:
    port = procs.free_port()
    argv = [str(Path(sys.executable).with_name("agent-tasks")), "mock", "--port", str(port), "--workers", str(workers),
            "--fixtures", str(args.fixtures)]
    log = ROOT / "benchmarks" / ".cache" / f"soak-{workers}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    tally, expected, state, stop = Tally(), {}, {"phase": "alone"}, threading.Event()
    with procs.serve(f"mock --workers {workers}", argv, f"{base}/__mock/health", log) as server:
        server.wait_ready({}, timeout=120)
        readers = [threading.Thread(target=reader, args=(base, tenants, tally, expected, state, stop, n)) for n in range(args.readers)]
        for thread in readers:
            thread.start()
        time.sleep(args.duration / 2)
        state["phase"] = "writer"
        write = threading.Thread(target=writer, args=(base, tenants["beeos"], tally, stop))
        write.start()
        time.sleep(args.duration / 2)
        stop.set()
        for thread in (*readers, write):
            thread.join()
    tally.errors += [f"log: {line}" for line in log.read_text(errors="replace").splitlines() if "Traceback" in line]
    return tally


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.1f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tenants = _tenants(args.fixtures)
    rows, failed = [], False
    for workers in args.workers:
        t = soak(workers, args, tenants)
        failed |= bool(t.errors or t.duplicates or t.gaps)
        rows.append([f"--workers {workers}", f"{t.requests:,}", str(len(t.errors)), f"{t.writes:,}",
                     _ms(t.reads["alone"], 0.5), _ms(t.reads["alone"], 0.99), _ms(t.reads["writer"], 0.5), _ms(t.reads["writer"], 0.99),
                     f"{t.walks:,}", str(t.duplicates), str(t.gaps)])
        for error in t.errors[:10]:
            print(f"  error: {error}")
    title = (f"Soak, {args.duration:g} s per mock ({args.duration / 2:g} s readers only, then with the writer), "
             f"{args.readers} readers, load average {os.getloadavg()[0]:.1f}")
    print(table(title, ["mock", "requests", "errors", "write cycles", "read p50 ms", "read p99 ms", "p50 with writer", "p99 with writer",
                 "walks", "duplicates", "gaps"], rows))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
