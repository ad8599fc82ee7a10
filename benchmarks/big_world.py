"""Generating a big YAML world and the mock's first start on it, before and after a change.

    .venv/bin/python benchmarks/big_world.py [--tasks 20000] [--runs 3] [--before REV]

For this working tree (and, with `--before REV`, for the code of git revision REV, extracted to a
temporary folder and run with the same venv) it times, median of `--runs`:

- `agent-tasks fixtures generate --tasks N --out DIR` (YAML, the default format), and
- `agent-tasks mock --fixtures DIR --no-cache` from spawn to the first 200 of `GET /__mock/health`
  (the first start: every record parsed, checked and inserted, the specs validated).

It prints wall-clock seconds and the CPU seconds the command used (user + system, which move far
less than wall time when other work shares the cores) and the load average, never asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perf.procs import free_port, serve  # noqa: E402
from perf.report import median, table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_CLI = "import sys; from agent_tasks.cli import main; sys.exit(main())"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _extract(rev: str, into: Path) -> Path:
    """The tree of git revision `rev` in `into` (git archive), to run the code as it was."""
    archive = into / "tree.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), rev], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def _generate(code: Path, tasks: int, out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _CLI, "fixtures", "generate", "--tasks", str(tasks), "--out", str(out)],
        check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(code)}, cwd=code,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def _first_start(code: Path, world: Path, logs: Path) -> tuple[float, float]:
    port = free_port()
    argv = [sys.executable, "-c", _CLI, "mock", "--fixtures", str(world), "--no-cache", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/__mock/health"
    env = {"PYTHONPATH": str(code)}
    with serve("mock", argv, url, logs / f"mock-{port}.log", env=env) as server:
        seconds = server.wait_ready({}, timeout=600)
        return seconds, server.cpu_seconds()


def measure(name: str, code: Path, tasks: int, runs: int, scratch: Path) -> list[object]:
    world = scratch / f"world-{name}"
    generated = [_generate(code, tasks, world) for _ in range(runs)]
    started = [_first_start(code, world, scratch / "logs") for _ in range(runs)]
    size = sum(f.stat().st_size for f in world.rglob("tasks.yaml")) / 1e6
    print(f"{name}: generate {[round(w, 2) for w, _ in generated]} s, first start {[round(w, 2) for w, _ in started]} s", flush=True)
    return [
        name, f"{size:.1f} MB",
        f"{median([w for w, _ in generated]):.2f}", f"{median([c for _, c in generated]):.2f}",
        f"{median([w for w, _ in started]):.2f}", f"{median([c for _, c in started]):.2f}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000, help="tasks per API (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="median of N runs (default %(default)s)")
    parser.add_argument("--before", metavar="REV", help="also measure the code of this git revision")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="agent-tasks-bench-") as tmp:
        scratch = Path(tmp)
        if args.before:
            rows.append(measure(f"before ({args.before})", _extract(args.before, scratch), args.tasks, args.runs, scratch))
        rows.append(measure("after (this tree)", ROOT, args.tasks, args.runs, scratch))
    header = ["code", "tasks.yaml total", "generate s", "generate CPU s", "first start s", "first start CPU s"]
    print(table(f"{args.tasks:,} tasks per API, YAML, median of {args.runs}", header, rows))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
