"""Start `agent-tasks mock` as a real process whose stdout (the request log) the test reads afterwards."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.mock.serve import ROOT, free_port, stop, wait_until_healthy


@dataclass
class Running:
    base: str
    output: Path
    """Where the process's stdout goes (stderr goes to `output` + ".err")."""
    process: subprocess.Popen

    def lines(self) -> list[str]:
        """stdout so far, line by line (every log line is flushed when written)."""
        return self.output.read_text().splitlines()

    def wait_for_line(self, fragment: str, timeout: float = 10) -> str:
        """The first stdout line holding `fragment`; lines are written after the response, so poll briefly."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.lines() if fragment in line]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"no line with {fragment!r} in:\n" + "\n".join(self.lines()))
            time.sleep(0.05)


@contextlib.contextmanager
def mock_process(folder: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[Running]:
    """Run the mock with `args` (on 127.0.0.1, a free port) until the block ends."""
    port = free_port()
    output = folder / f"mock-{port}.out"
    cmd = [sys.executable, "-m", "mock", "--host", "127.0.0.1", "--port", str(port), "--no-cache", *args]
    with open(output, "w") as out, open(f"{output}.err", "w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, start_new_session=True, env={**os.environ, **(env or {})})
    running = Running(f"http://127.0.0.1:{port}", output, proc)
    try:
        wait_until_healthy(running.base, proc, timeout, Path(f"{output}.err").read_text)
        yield running
    finally:
        stop(proc)
