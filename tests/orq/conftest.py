"""orq test set-up: the default world loaded once, and cheap private copies of it per test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agent_tasks.apis import get_api
from mock.core.plugin import Principal
from mock.orq import PLUGIN

FIXTURES = get_api("orq").fixtures_dir


def empty_db() -> sqlite3.Connection:
    """An in-memory database with orq's schema and nothing in it, like the edge's connection."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.executescript(PLUGIN.schema_sql)
    return conn


def load(fixtures_dir: Path) -> sqlite3.Connection:
    conn = empty_db()
    PLUGIN.load_world(conn, fixtures_dir)
    return conn


def copy_of(source: sqlite3.Connection) -> sqlite3.Connection:
    """A private copy of a loaded world (SQLite's backup API: milliseconds, not a reload)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(conn)
    conn.row_factory = sqlite3.Row
    return conn


def principal(tenant: str) -> Principal:
    return Principal(api="orq", tenant_id=tenant)


@pytest.fixture(scope="session")
def default_world() -> sqlite3.Connection:
    """The built-in fixtures, loaded once; tests that write use the `world` copy instead."""
    return load(FIXTURES)


@pytest.fixture
def world(default_world) -> sqlite3.Connection:
    return copy_of(default_world)
