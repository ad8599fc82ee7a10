"""The mock's world: one SQLite file shared by every worker process, one connection per thread.

SQLite gives the indexes that keep every request off a full scan, transactions that make a failed
fixture load leave the world unchanged, and a file that `--workers N` processes all see.
"""

from __future__ import annotations

import atexit
import contextlib
import secrets
import shutil
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

from mock.core import world_cache
from mock.core.journal_queue import Entry, JournalQueue
from mock.core.options import Options
from mock.core.registry import plugin

_BULK_CACHE_KIB = -256 * 1024  # negative: a size in KiB, not in pages

_META_SQL = """
CREATE TABLE IF NOT EXISTS mock_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mock_journal (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
    query TEXT NOT NULL, status INTEGER NOT NULL
);
"""


class StoreBusy(Exception):
    """SQLite's write lock stayed taken longer than the store's write timeout; nothing was changed."""


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so reads never hold a transaction open.
    # `timeout` bounds the wait for the write lock (WAL readers never wait for it).
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=timeout)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    # A mock's data is rebuilt from fixtures at every start: durability is not worth an fsync.
    conn.execute("PRAGMA synchronous=OFF")
    return conn


@contextlib.contextmanager
def bulk_settings(conn: sqlite3.Connection) -> Iterator[None]:
    """A page cache and in-memory temp storage sized for a bulk load, restored afterwards."""
    before = [(name, conn.execute(f"PRAGMA {name}").fetchone()[0]) for name in ("cache_size", "temp_store")]
    # The cache grows only as pages are touched, so a small world costs nothing extra; in-memory
    # temp storage keeps the sorts of CREATE INDEX off the disk.
    conn.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        for name, value in before:
            conn.execute(f"PRAGMA {name} = {value}")


@contextlib.contextmanager
def indexes_rebuilt(conn: sqlite3.Connection, api: str) -> Iterator[None]:
    """Drop `api`'s secondary indexes for the block and create them again after it (in its transaction).

    One sorted build per index after a bulk insert costs less than keeping every index up to date
    row by row; if the block raises, the caller's rollback brings the indexes back.
    """
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name LIKE ? ESCAPE '\\'",
        (f"{api}\\_%",),
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.execute(sql)


class Store:
    """Open (or build) the world in `path`; `apis` are the API ids whose tables it holds."""

    def __init__(self, path: Path, apis: tuple[str, ...], *, write_timeout_s: float = Options.write_timeout_s) -> None:
        self.path, self.apis, self.write_timeout_s = Path(path), apis, write_timeout_s
        self._local = threading.local()
        self._journal = JournalQueue(self._write_journal)
        self.journal_keep = Options.journal_size

    @classmethod
    def build(
        cls, fixtures_dir: Path, apis: tuple[str, ...], path: Path | None = None, *, cache_dir: Path | None = None,
        write_timeout_s: float = Options.write_timeout_s,
    ) -> "Store":
        """Create the schema and load `fixtures_dir`, validating every record (FixtureError on the first bad one).

        With `cache_dir`, a world built before from the same files is copied instead (world_cache.py).
        """
        if path is None:
            folder = tempfile.mkdtemp(prefix="agent-tasks-mock-")
            # Nobody else knows this folder: remove it when the process ends (tests build many).
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            path = Path(folder) / "world.sqlite"
        path.unlink(missing_ok=True)
        world_key = world_cache.key(fixtures_dir, apis) if cache_dir else ""
        if cache_dir and world_cache.restore(cache_dir, world_key, path):
            store = cls(path, apis, write_timeout_s=write_timeout_s)
            store._new_cursor_secret()
            return store
        store = cls(path, apis, write_timeout_s=write_timeout_s)
        conn = store.connection()
        conn.executescript(_META_SQL + "".join(plugin(api).schema_sql for api in apis))
        # A new file has no reader yet: an in-memory rollback journal makes the big first commit
        # ~4x cheaper than WAL's write-back; every later connection uses WAL again.
        conn.execute("PRAGMA journal_mode=MEMORY")
        store.load(fixtures_dir)
        # `POST /__mock/reset` goes back to this world even after `POST /__mock/fixtures` loaded another.
        conn.execute("INSERT OR REPLACE INTO mock_meta VALUES ('startup_fixtures_dir', ?)", (str(Path(fixtures_dir).resolve()),))
        conn.execute("PRAGMA journal_mode=WAL")
        if cache_dir:
            world_cache.save(conn, path, cache_dir, world_key)
        store._new_cursor_secret()  # after the save: a cached world never carries one
        return store

    def _new_cursor_secret(self) -> None:
        with self.write() as conn:
            conn.execute("INSERT OR REPLACE INTO mock_meta VALUES ('cursor_secret', ?)", (secrets.token_urlsafe(32),))

    def cursor_secret(self) -> str:
        """This world's random cursor secret (every worker reads the same one from the file)."""
        row = self.connection().execute("SELECT value FROM mock_meta WHERE key='cursor_secret'").fetchone()
        if row is None:  # a world file built before secrets were stored
            self._new_cursor_secret()
            return self.cursor_secret()
        return row[0]

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = _connect(self.path, self.write_timeout_s)
        return conn

    def close(self) -> None:
        """Close this thread's connection (a later call to connection() opens a new one)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; everything in it is undone if the block raises.

        StoreBusy if the write lock is not free within the write timeout (nothing changed then).
        """
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreBusy(f"the world is busy (SQLite: {exc}); nothing was changed, try again") from None
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def load(self, fixtures_dir: Path) -> None:
        """Replace every API's data with `fixtures_dir`; on a FixtureError nothing changes."""
        fixtures_dir = Path(fixtures_dir).resolve()
        with bulk_settings(self.connection()), self.write() as conn:
            for api in self.apis:
                for (table,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE ? ESCAPE '\\'", (f"{api}\\_%",)
                ).fetchall():
                    conn.execute(f'DELETE FROM "{table}"')
                with indexes_rebuilt(conn, api):
                    plugin(api).load_world(conn, fixtures_dir / api)
            conn.execute("INSERT OR REPLACE INTO mock_meta VALUES ('fixtures_dir', ?)", (str(fixtures_dir),))

    def fixtures_dir(self) -> Path:
        row = self.connection().execute("SELECT value FROM mock_meta WHERE key='fixtures_dir'").fetchone()
        return Path(row[0])

    def startup_fixtures_dir(self) -> Path:
        """The fixtures folder the world was built from at start-up (what a reset restores)."""
        row = self.connection().execute("SELECT value FROM mock_meta WHERE key='startup_fixtures_dir'").fetchone()
        return Path(row[0]) if row else self.fixtures_dir()

    def record(self, method: str, path: str, query: str, status: int, *, keep: int) -> None:
        """Queue a request for the journal (written by a background thread, mock/core/journal_queue.py)."""
        self.journal_keep = keep
        self._journal.put((time.time(), method, path, query, status))

    def _write_journal(self, entries: list[Entry]) -> None:
        """Append `entries`, keeping about the `journal_keep` most recent ones."""
        with self.write() as conn:
            cur = conn.executemany("INSERT INTO mock_journal (at, method, path, query, status) VALUES (?, ?, ?, ?, ?)", entries)
            last = conn.execute("SELECT max(id) FROM mock_journal").fetchone()[0] or 0
            if last // 100 != (last - cur.rowcount) // 100:
                conn.execute("DELETE FROM mock_journal WHERE id <= ?", (last - self.journal_keep,))

    def journal(self, limit: int) -> list[dict]:
        """The `limit` most recent entries, after this process's queued ones are written (bounded wait)."""
        self._journal.flush(self.write_timeout_s + 1)  # a lock wait, a retry pause and a gathering pause
        rows = self.connection().execute(
            "SELECT at, method, path, query, status FROM mock_journal ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [dict(row) for row in rows]

    def clear_journal(self) -> None:
        self._journal.flush(self.write_timeout_s + 1)  # a lock wait, a retry pause and a gathering pause
        self._journal.discard()
        with self.write() as conn:
            conn.execute("DELETE FROM mock_journal")
