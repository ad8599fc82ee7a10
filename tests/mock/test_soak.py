"""benchmarks/soak.py, run short: readers and a writer together, zero errors, duplicates and gaps."""

from __future__ import annotations

import subprocess
import sys

from tests.mock.serve import ROOT


def test_a_short_soak_finds_no_error_duplicate_or_gap(world_dir):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "soak.py"), "--duration", "6", "--workers", "2", "--readers", "2",
         "--fixtures", str(world_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    # soak.py exits 1 on any error, duplicate or gap, and prints them.
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    row = next(line for line in result.stdout.splitlines() if line.startswith("--workers 2"))
    requests, errors, writes, *_, walks, duplicates, gaps = row.split()[2:]
    assert int(requests.replace(",", "")) > 0 and int(writes.replace(",", "")) > 0 and int(walks.replace(",", "")) > 0
    assert (errors, duplicates, gaps) == ("0", "0", "0")
