"""Start `agent-tasks mock` as a real process on 127.0.0.1 for tests that need one."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(*args: str, timeout: float = 60, log: Path | None = None) -> Iterator[str]:
    """Run the mock with `args` until the block ends; yields its base URL once it answers.

    With `log`, the mock's output goes to that file (for tests that read it afterwards).
    """
    with serving_process(*args, timeout=timeout, log=log) as (base, _):
        yield base


@contextlib.contextmanager
def serving_process(*args: str, timeout: float = 60, log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """`serving`, also yielding the mock's process (its output on proc.stdout unless `log`)."""
    port = free_port()
    # --quiet: stdout may be a pipe read only at the end; a request log would fill it and stall the mock.
    cmd = [sys.executable, "-m", "mock", "--host", "127.0.0.1", "--port", str(port), "--no-cache", "--quiet", *args]
    out = open(log, "wb") if log else subprocess.PIPE
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, proc, timeout, lambda: log.read_text() if log else proc.stdout.read().decode())
        yield base, proc
    finally:
        stop(proc)
        (out if log else proc.stdout).close()


def wait_until_healthy(base: str, proc: subprocess.Popen, timeout: float, output: Callable[[], str]) -> None:
    """Poll GET /__mock/health until a 200; the mock's `output` goes into the error if it exits first."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"mock exited {proc.returncode}: {output()}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/__mock/health", timeout=1).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"mock did not answer within {timeout} s")
        time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the mock's process group (workers included), SIGKILL it after 15 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _processes() -> Iterator[tuple[int, str, int, int]]:
    """(pid, state, parent pid, process group) of every process, from /proc (Linux only)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            state, parent, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            yield int(stat.parent.name), state, int(parent), int(group)


def children(pid: int) -> list[int]:
    """The ids of the processes whose parent is `pid`."""
    return [child for child, _, parent, _ in _processes() if parent == pid]


def group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group `pgid`."""
    return [pid for pid, state, _, group in _processes() if group == pgid and state != "Z"]
