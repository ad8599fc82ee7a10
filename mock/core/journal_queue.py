"""The request journal's writer: entries are queued in memory and written by one thread per process.

A request used to write its journal row itself, on the event loop, waiting up to 30 s for
SQLite's write lock; an admin edit holding that lock then froze every API of the worker. Now a
request only appends to a bounded queue (no I/O, no lock wait), and a daemon thread writes the
queue in batches, waiting at most `write_timeout_s` for the lock and trying again later if it
does not get it. The queue drops its oldest entries past `capacity` (the journal keeps only the
recent ones anyway). Readers of the journal call `flush` first, with a bounded wait.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from typing import Callable

Entry = tuple[float, str, str, str, int]
"""(time, method, path, query, status), as mock_journal stores it."""


class JournalQueue:
    """Entries waiting to be written by `write_batch` (which takes a list of them and may raise)."""

    def __init__(
        self, write_batch: Callable[[list[Entry]], None], *, capacity: int = 10_000, retry_s: float = 0.2, gather_s: float = 0.05
    ) -> None:
        self._write_batch, self._capacity, self._retry_s, self._gather_s = write_batch, capacity, retry_s, gather_s
        self._pid: int | None = None
        self.dropped = 0

    def _start(self) -> None:
        # Lazily, once per process: a thread does not survive fork(), and workers are forks.
        self._pid = os.getpid()
        self._entries: collections.deque[Entry] = collections.deque(maxlen=self._capacity)
        self._cond = threading.Condition()
        self._busy = self._idle = False
        threading.Thread(target=self._run, name="journal-writer", daemon=True).start()

    def put(self, entry: Entry) -> None:
        """Queue one entry; never blocks on I/O."""
        if self._pid != os.getpid():
            self._start()
        with self._cond:
            if len(self._entries) == self._capacity:
                self.dropped += 1
            self._entries.append(entry)
            if self._idle:
                self._cond.notify()

    def flush(self, timeout: float) -> bool:
        """Wait (at most `timeout` s) until every entry queued so far is written; False if some are not."""
        if self._pid != os.getpid():
            return True  # nothing was queued in this process
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._entries or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def discard(self) -> None:
        """Forget the entries not yet written (the journal is being cleared)."""
        if self._pid == os.getpid():
            with self._cond:
                self._entries.clear()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._entries:
                    self._idle = True
                    self._cond.wait()
                self._idle = False
            # One transaction for every entry of the next moment: under load, a commit per request
            # cost more CPU than the request itself.
            time.sleep(self._gather_s)
            with self._cond:
                batch = list(self._entries)
                self._entries.clear()
                self._busy = True
            try:
                self._write_batch(batch)
            except Exception:  # noqa: BLE001 - StoreBusy, sqlite3.Error: the thread must never die
                # The write lock stayed taken (or the world is being replaced): put the batch back,
                # behind nothing newer, and try again shortly; the queue's bound still applies.
                with self._cond:
                    self._entries.extendleft(reversed(batch[-self._capacity :]))
                    self._busy = False
                time.sleep(self._retry_s)
                continue
            with self._cond:
                self._busy = False
                self._cond.notify_all()
