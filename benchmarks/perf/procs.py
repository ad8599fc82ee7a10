"""Start a server in its own process group, time it to the first 200, track the tree's peak memory, always stop it.

psutil is not a dependency, so the process tree and memory come straight from /proc (Linux only).
Memory is reported two ways: the sum of each process's peak RSS, which counts a page shared by
forked workers once per worker, and the tree's PSS (each shared page split between its sharers),
which adds up to what the tree really occupies; the kernel keeps no peak of PSS, so it is sampled.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

_POLL_S = 0.01
_STOP_GRACE_S = 10.0
_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stats() -> list[tuple[int, str, int, int]]:
    """(pid, state, parent pid, process group) of every process."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # exited while we looked
            continue
        # The command name (field 2) may hold spaces, so split after its closing ')'.
        state, ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        out.append((int(entry), state, int(ppid), int(pgrp)))
    return out


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for pid, _, ppid, _ in _stats():
        tree.setdefault(ppid, []).append(pid)
    return tree


def process_tree(pid: int) -> list[int]:
    """`pid` and all its live descendants."""
    tree, out, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(tree.get(current, []))
    return out


def _kib(pid: int, file: str, field: str) -> int:
    """A `field: N kB` line of /proc/<pid>/<file>; 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _vm_hwm_kib(pid: int) -> int:
    return _kib(pid, "status", "VmHWM:")


def _pss_kib(pid: int) -> int:
    return _kib(pid, "smaps_rollup", "Pss:")


@dataclass
class Server:
    """A running server process group; `peak_rss_mb()` sums each process's high-water mark (VmHWM)."""

    name: str
    proc: subprocess.Popen
    url: str
    log: Path
    started: float
    _hwm: dict[int, int] = field(default_factory=dict)
    _pss_peak: int = 0

    def sample_memory(self) -> None:
        tree = process_tree(self.proc.pid)
        # A process that already exited keeps the peak we saw last, so short-lived children count too.
        for pid in tree:
            self._hwm[pid] = max(self._hwm.get(pid, 0), _vm_hwm_kib(pid))
        self._pss_peak = max(self._pss_peak, sum(_pss_kib(pid) for pid in tree))

    def peak_rss_mb(self) -> float:
        """Sum of every process's VmHWM (KiB) in MB, the unit of the issue's figures."""
        self.sample_memory()
        return sum(self._hwm.values()) * 1024 / 1_000_000

    def peak_pss_mb(self) -> float:
        """The highest PSS of the whole tree seen by any sample so far, in MB."""
        self.sample_memory()
        return self._pss_peak * 1024 / 1_000_000

    @contextlib.contextmanager
    def sampling(self, every_s: float = 0.2) -> Iterator[None]:
        """Sample memory in the background for the block (e.g. while a load runs)."""
        done = threading.Event()

        def sample() -> None:
            while not done.wait(every_s):
                self.sample_memory()

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the live process tree so far (with the children it reaped)."""
        total = 0
        for pid in process_tree(self.proc.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # utime, stime, cutime, cstime are fields 14-17 of stat(5), in clock ticks.
            total += sum(int(f) for f in fields[11:15])
        return total / _TICKS

    def wait_ready(self, headers: dict[str, str], timeout: float, *, memory: bool = True) -> float:
        """Seconds from spawn to the first 200 from `url`; RuntimeError (with the log's tail) if none comes.

        With `memory`, the tree's memory is sampled at every poll; reading a growing process's
        smaps takes its memory lock and costs CPU, so a start-up timing without memory skips it.
        """
        request = urllib.request.Request(self.url, headers=headers)
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if memory:
                self.sample_memory()
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started
            except urllib.error.HTTPError as exc:
                raise RuntimeError(f"{self.name}: {self.url} answered {exc.code}:\n{exc.read()[:500]!r}") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass  # not listening yet
            time.sleep(_POLL_S)
        raise RuntimeError(f"{self.name}: no 200 within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the whole process group, then SIGKILL whatever is left after a grace period."""
    for sig, wait in ((signal.SIGTERM, _STOP_GRACE_S), (signal.SIGKILL, _STOP_GRACE_S)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait)
            # The leader is gone; wait for its group (e.g. uvicorn workers) before the next server binds.
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and _group_alive(proc.pid):
                time.sleep(0.05)
            if not _group_alive(proc.pid):
                return


def _group_alive(pgid: int) -> bool:
    # Zombies do not count: orphans wait for init to reap them, which can take a second here.
    return any(pgrp == pgid and state != "Z" for _, state, _, pgrp in _stats())


@contextlib.contextmanager
def serve(name: str, argv: Sequence[str], url: str, log: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Iterator[Server]:
    """Spawn `argv` in a new session (its own process group) and stop the whole group on exit, even on Ctrl-C."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, env={**os.environ, **(env or {})}, cwd=cwd,
        )
    try:
        yield Server(name, proc, url, log, started)
    finally:
        stop(proc)
