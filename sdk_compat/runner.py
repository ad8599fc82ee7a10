"""`python -m sdk_compat`: serve the mock, run every client's driver against it, print one table.

Without `--base-url` the mock is served in this process on 127.0.0.1 and a free port (a fresh
SQLite world from `--fixtures`), exactly the app `agent-tasks mock` serves. Each driver runs in its
own environment (`clients.py`) and prints a JSON summary; the runner adds them up and exits 1 if
any client had a failure, did not run, or parsed nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator

from sdk_compat import clients, plan
from sdk_compat.clients import CLIENTS, ROOT, NotInstalled

DEFAULT_SDK_DIR = ROOT / ".sdk"
DEFAULT_FIXTURES = ROOT / "fixtures"
DRIVER_TIMEOUT_S = 600
PARALLEL_DRIVERS = 2
"""Drivers running at once: each waits on the mock most of the time; two keep both cores busy."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sdk_compat", description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running mock (default: serve one in-process on a free 127.0.0.1 port)")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="the world to serve and walk (default: fixtures/)")
    parser.add_argument("--client", action="append", choices=[c.name for c in CLIENTS], help="only these clients (repeatable)")
    parser.add_argument("--sdk-dir", type=Path, default=DEFAULT_SDK_DIR, help="where scripts/install-sdks put the environments")
    parser.add_argument("--json", type=Path, help="also write every summary (with failure reasons) to this file")
    parser.add_argument("--reasons", type=int, default=5, help="failure reasons printed per client (default 5)")
    return parser.parse_args(argv)


@contextlib.contextmanager
def served(fixtures: Path) -> Iterator[str]:
    from contract_tests.target import serve
    from mock.core.options import Options
    from mock.http.app import create_app

    with tempfile.TemporaryDirectory(prefix="agent-tasks-sdk-") as tmp:
        app = create_app(Options(fixtures_dir=fixtures, db_path=Path(tmp) / "world.sqlite"))
        with serve(app) as base_url:
            yield base_url


def run_driver(client: clients.Client, sdk_dir: Path, plan_path: Path) -> dict[str, Any]:
    env = os.environ | {"PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(clients.command(client, sdk_dir, plan_path), cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=DRIVER_TIMEOUT_S, check=False)
    except NotInstalled as exc:
        return broken(client, str(exc))
    except subprocess.TimeoutExpired:
        return broken(client, f"the driver did not finish within {DRIVER_TIMEOUT_S} s")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return broken(client, f"the driver exited {done.returncode}: {(done.stderr or done.stdout).strip()[-600:]}")
    return json.loads(lines[-1]) | {"name": client.name}


def broken(client: clients.Client, *why: str) -> dict[str, Any]:
    """The summary of a client that could not run: one failure per reason."""
    return {"name": client.name, "client": client.label, "calls": 0, "pages": 0, "tasks": 0, "errors": 0, "skipped": 0,
            "failures": len(why), "reasons": [{"reason": w, "count": 1, "request": "-"} for w in why], "distinct_reasons": len(why)}


def prepare(the_plan: dict[str, Any], sdk_dir: Path, selected: list[clients.Client]) -> tuple[list[clients.Client], list[dict[str, Any]]]:
    """Generate what the selected clients need from the current specs; (the clients ready, summaries of the others)."""
    bundles = clients.bundle(sdk_dir)
    ready, results = list(selected), []

    def drop(names: set[str], *why: str) -> None:
        nonlocal ready
        results.extend(broken(c, *why) for c in ready if c.name in names)
        ready = [c for c in ready if c.name not in names]

    generated = {c.name for c in ready if c.env == "generated"}
    if generated:
        try:
            the_plan["generated_dir"] = str(clients.prepare_generated(sdk_dir, bundles))
        except (NotInstalled, RuntimeError) as exc:
            drop(generated, str(exc))
    if any(c.name == "orq-node" for c in ready):
        try:
            clients.prepare_node(sdk_dir)
        except NotInstalled as exc:
            drop({"orq-node"}, str(exc))
    if any(c.name == "typescript" for c in ready):
        try:
            tsc_errors = clients.prepare_typescript(sdk_dir, bundles)[1]
        except NotInstalled as exc:
            tsc_errors = [str(exc)]
        if tsc_errors:
            drop({"typescript"}, *(f"tsc: {e}" for e in tsc_errors))
    return ready, results


def run_all(base_url: str, fixtures: Path, sdk_dir: Path, selected: list[clients.Client]) -> list[dict[str, Any]]:
    """Every selected client's summary, in CLIENTS order (two drivers at a time)."""
    the_plan = plan.build(base_url, fixtures)
    ready, results = prepare(the_plan, sdk_dir, selected)
    with tempfile.TemporaryDirectory(prefix="agent-tasks-sdk-plan-") as tmp:
        plan_path = Path(tmp) / "plan.json"
        plan_path.write_text(json.dumps(the_plan), encoding="utf-8")

        def timed(client: clients.Client) -> dict[str, Any]:
            started = time.monotonic()
            return run_driver(client, sdk_dir, plan_path) | {"seconds": round(time.monotonic() - started, 1)}

        with ThreadPoolExecutor(max_workers=PARALLEL_DRIVERS) as pool:
            results += list(pool.map(timed, ready))
    order = [c.name for c in CLIENTS]
    return sorted(results, key=lambda r: order.index(r["name"]))


def table(results: list[dict[str, Any]], reasons: int) -> str:
    head = f"{'client':<16} {'SDK / generator':<36} {'calls':>6} {'pages':>6} {'tasks':>7} {'errors':>6} {'failures':>8}"
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(f"{r['name']:<16} {r['client'][:36]:<36} {r['calls']:>6} {r['pages']:>6} {r['tasks']:>7} {r['errors']:>6} {r['failures']:>8}")
    totals = {k: sum(r[k] for r in results) for k in ("calls", "pages", "tasks", "errors", "failures")}
    rows.append(f"{'total':<16} {'':<36} {totals['calls']:>6} {totals['pages']:>6} {totals['tasks']:>7} {totals['errors']:>6} {totals['failures']:>8}")
    for r in results:
        for reason in r["reasons"][:reasons]:
            rows.append(f"  {r['name']}: {reason['count']}x {reason['reason'][:400]}\n      e.g. {reason['request']}")
        if r.get("distinct_reasons", 0) > reasons:
            rows.append(f"  {r['name']}: … {r['distinct_reasons'] - reasons} more distinct reasons (--json PATH has them)")
    return "\n".join(rows)


def passed(result: dict[str, Any]) -> bool:
    return result["failures"] == 0 and min(result["calls"], result["pages"], result["tasks"]) > 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    selected = [c for c in CLIENTS if not args.client or c.name in args.client]
    try:
        with contextlib.ExitStack() as stack:
            base_url = args.base_url or stack.enter_context(served(args.fixtures))
            results = run_all(base_url.rstrip("/"), args.fixtures, args.sdk_dir, selected)
    except (OSError, ValueError, KeyError) as exc:  # a spec that does not bundle, fixtures that do not read
        print(f"sdk-compat: cannot start: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(table(results, args.reasons))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    failed = [r["name"] for r in results if not passed(r)]
    print(f"sdk-compat: {'FAILED: ' + ', '.join(failed) if failed else 'every client parsed every response'}")
    return 1 if failed else 0
