"""Generating a big YAML world and the mock's first start on it, before and after a change.

    .venv/bin/python benchmarks/big_world.py [--tasks 20000] [--runs 3] [--before REV]

For this working tree (and, with `--before REV`, for the code of git revision REV, extracted to a
temporary folder and run with the same venv) it times, median of `--runs` runs that alternate
between the two codes:

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


def _imports_from(code: Path) -> None:
    """Fail unless a process started as the benchmark starts them imports the mock from `code`."""
    where = subprocess.run(
        [sys.executable, "-c", "import mock; print(mock.__file__)"], cwd=code, env={**os.environ, "PYTHONPATH": str(code)},
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not Path(where).is_relative_to(code):
        raise SystemExit(f"big_world: the code of {code} would import the mock from {where}")


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
    # `python -c` puts the working folder first on sys.path: it must be the code's own folder.
    with serve("mock", argv, url, logs / f"mock-{port}.log", env=env, cwd=code) as server:
        seconds = server.wait_ready({}, timeout=600, memory=False)
        return seconds, server.cpu_seconds()


def measure(codes: dict[str, Path], tasks: int, runs: int, scratch: Path) -> list[list[object]]:
    """One row per code. Runs alternate between the codes (A B, B A, ...), so a machine that gets
    faster or slower during the benchmark (other work, a VM's neighbours) moves both alike."""
    for code in codes.values():
        _imports_from(code)
    worlds = {name: scratch / f"world-{i}" for i, name in enumerate(codes)}
    generated: dict[str, list] = {name: [] for name in codes}
    started: dict[str, list] = {name: [] for name in codes}
    order = list(codes.items())
    for run in range(runs):
        for name, code in order if run % 2 == 0 else order[::-1]:  # A B, B A: no code always goes first
            generated[name].append(_generate(code, tasks, worlds[name]))
    for run in range(runs):
        for name, code in order if run % 2 == 0 else order[::-1]:
            started[name].append(_first_start(code, worlds[name], scratch / "logs"))
    rows = []
    for name in codes:
        size = sum(f.stat().st_size for f in worlds[name].rglob("tasks.yaml")) / 1e6
        gen, start = generated[name], started[name]
        print(f"{name}: generate {[round(w, 2) for w, _ in gen]} s, first start {[round(w, 2) for w, _ in start]} s", flush=True)
        rows.append([
            name, f"{size:.1f} MB",
            f"{median([w for w, _ in gen]):.2f}", f"{median([c for _, c in gen]):.2f}",
            f"{median([w for w, _ in start]):.2f}", f"{median([c for _, c in start]):.2f}",
        ])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000, help="tasks per API (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="median of N runs (default %(default)s)")
    parser.add_argument("--before", metavar="REV", help="also measure the code of this git revision")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agent-tasks-bench-") as tmp:
        scratch = Path(tmp)
        codes = {f"before ({args.before})": _extract(args.before, scratch)} if args.before else {}
        codes["after (this tree)"] = ROOT
        (scratch / "logs").mkdir(exist_ok=True)
        rows = measure(codes, args.tasks, args.runs, scratch)
    header = ["code", "tasks.yaml total", "generate s", "generate CPU s", "first start s", "first start CPU s"]
    print(table(f"{args.tasks:,} tasks per API, YAML, median of {args.runs}", header, rows))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
