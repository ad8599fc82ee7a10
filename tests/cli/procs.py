"""Run `agent-tasks` as a user does: a real process, optionally on a pseudo-terminal, stopped with signals."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "import sys; from agent_tasks.cli import main; sys.exit(main())"]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen, what: str, timeout: float = 120) -> None:
    """Poll `condition` until it holds; AssertionError if `proc` ends first or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"ended (exit {proc.returncode}) before {what}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.02)


def on_terminal(*args: str, env: dict[str, str] | None = None, stop_on: str | None = None) -> tuple[int, str]:
    """Run `agent-tasks ARGS` with stdout and stderr on a pseudo-terminal; (exit status, what it showed).

    With `stop_on`, the process gets SIGTERM once that text has been shown (e.g. a server's start line).
    """
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*CLI, *args], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                            env={**os.environ, "COLUMNS": "100", "TERM": "xterm", **(env or {})})
    os.close(follower)
    shown = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: every process on it has exited
                break
            if not chunk:
                break
            shown += chunk
            if stop_on is not None and stop_on.encode() in shown:
                proc.terminate()
                stop_on = None
        elif proc.poll() is not None:
            break
    os.close(leader)
    return proc.wait(timeout=60), shown.decode("utf-8", "replace")

