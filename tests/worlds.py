"""In-memory worlds for the domain tests of every API, configured like the edge's connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mock.core.plugin import ApiPlugin


def empty_db(plugin: ApiPlugin) -> sqlite3.Connection:
    """A database with `plugin`'s schema and nothing in it."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.executescript(plugin.schema_sql)
    return conn


def load(plugin: ApiPlugin, fixtures_dir: Path) -> sqlite3.Connection:
    conn = empty_db(plugin)
    plugin.load_world(conn, fixtures_dir)
    return conn


def copy_of(source: sqlite3.Connection) -> sqlite3.Connection:
    """A private copy of a loaded world (SQLite's backup API: milliseconds, not a reload)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(conn)
    conn.row_factory = sqlite3.Row
    return conn
