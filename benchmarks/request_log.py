"""What the request log costs: the mock's CPU time per request with `--quiet`, the text log and the JSON log.

Starts `agent-tasks mock --workers 1` once per setting (127.0.0.1, a free port, stdout to a file, as
when piped), sends the same bounded number of keep-alive `GET /api/v1/tasks?limit=20` requests one
after another, and reads the server process's user+system CPU time from /proc before and after:
CPU per request does not move with the other load on the machine the way wall-clock rates do.
Settings alternate over the runs; the median of each is printed.

    .venv/bin/python benchmarks/request_log.py [--requests 3000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ui.support import mock_process  # noqa: E402

SETTINGS = {"--quiet": ["--quiet"], "text log": [], "json log": ["--log-format", "json"]}
TOKEN = "oag_demo_alice_main_NOT_A_SECRET"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_per_request_us(folder: Path, args: list[str], requests: int) -> float:
    with mock_process(folder, "--api", "beeos", *args) as running, httpx.Client(base_url=running.base) as client:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        for _ in range(200):  # warm-up: first-request set-up is not the log's cost
            client.get("/api/v1/tasks?limit=20", headers=headers)
        before = cpu_seconds(running.process.pid)
        for _ in range(requests):
            assert client.get("/api/v1/tasks?limit=20", headers=headers).status_code == 200
        return (cpu_seconds(running.process.pid) - before) / requests * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="measured requests per run (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per setting; the median is printed (default %(default)s)")
    args = parser.parse_args(argv)
    figures: dict[str, list[float]] = {name: [] for name in SETTINGS}
    with tempfile.TemporaryDirectory(prefix="request-log-bench-") as folder:
        for _ in range(args.runs):
            for name, flags in SETTINGS.items():
                figures[name].append(cpu_per_request_us(Path(folder), flags, args.requests))
    quiet = statistics.median(figures["--quiet"])
    print(f"load average {os.getloadavg()[0]:.2f}; {args.requests} requests x {args.runs} runs per setting")
    print(f"{'setting':<10} {'CPU us/request':>15} {'x --quiet':>10}")
    for name, values in figures.items():
        median = statistics.median(values)
        print(f"{name:<10} {median:>15.0f} {median / quiet:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
