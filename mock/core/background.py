"""Start-up work done in a forked child while the parent does its own: the mock's world build.

A first start of a big world is mostly the world build (CPU-bound Python: parse, check, insert
every record) and, second, importing Connexion and uvicorn and preparing the specs (~1 s). Neither
needs the other until the app is assembled, so `agent-tasks mock` forks a child that builds the
world file while the parent imports and prepares, then waits for the child and opens the file.
On two cores the parent's second of work disappears from the start-up time.

The child reports a failure as the one line `startup_problem` makes of it, exactly what the
parent would have printed; Ctrl-C stops both (the child quietly). Where fork() is missing
(Windows), or the child cannot be forked, the work runs in-process when it is waited for.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Callable, Iterator

from mock.core.errors import StartupFailed, startup_problem

_INTERRUPTED = 130  # the child's exit status after Ctrl-C, as a shell reports it


class Pending:
    """`work()` under way in a child process (or not started yet, where fork() is missing)."""

    def __init__(self, work: Callable[[], object]) -> None:
        self._work, self._pid, self._reader, self._done = work, 0, -1, False

    def start(self) -> None:
        if not hasattr(os, "fork"):
            return
        reader, writer = os.pipe()
        # Nothing of the parent's output may be written twice: flush before the child copies it.
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: wait() does the work in-process
            os.close(reader)
            os.close(writer)
            return
        if pid == 0:  # the child: never returns
            os.close(reader)
            self._run_child(writer)
        os.close(writer)
        self._pid, self._reader = pid, reader

    def _run_child(self, writer: int) -> None:
        status, message = 0, b""
        try:
            # SIGTERM to the parent alone (a supervisor) must not leave a child building for seconds.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            self._work()
        except KeyboardInterrupt:
            status = _INTERRUPTED  # the parent got the same Ctrl-C and says so once
        except BaseException as exc:  # noqa: BLE001 - everything is reported, in one line
            status, message = 2, startup_problem(exc if isinstance(exc, Exception) else RuntimeError(repr(exc))).encode()
        finally:
            try:
                os.write(writer, message)
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(status)  # no atexit handler or buffer of the parent's may run twice

    def wait(self) -> None:
        """Return once the work is done; StartupFailed with the child's one-line problem otherwise."""
        if self._done:
            return
        self._done = True
        if self._pid == 0:
            self._work()  # in-process: its exceptions are the caller's as they are
            return
        chunks = []
        while chunk := os.read(self._reader, 65536):
            chunks.append(chunk)
        _, status = os.waitpid(self._pid, 0)
        self._close()
        code = os.waitstatus_to_exitcode(status)
        if code == _INTERRUPTED:
            raise KeyboardInterrupt
        if code != 0:
            message = b"".join(chunks).decode(errors="replace")
            raise StartupFailed(message or f"the world build stopped (exit status {code})")

    def cancel(self) -> None:
        """Stop the child if it still runs, and reap it."""
        if self._pid:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            self._close()

    def _close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._reader)
        self._pid, self._reader = 0, -1


@contextlib.contextmanager
def started(work: Callable[[], object]) -> Iterator[Pending]:
    """`work()` started in a child; leaving the block without waiting for it (an exception) stops and reaps the child."""
    pending = Pending(work)
    pending.start()
    try:
        yield pending
    finally:
        pending.cancel()  # a no-op after wait(); stops a child nobody waited for
