"""BeeOS tables in the shared SQLite world: the wire task as JSON plus indexed columns to filter and order by."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Iterable

# Every list query is `owner_id = ? AND protocol = 'openapi' [AND agent_id = ?] [AND is_open = ?]`
# ordered by (created_us, task_id) descending, so each filter combination has an index whose
# trailing columns are the order: SQLite then walks the index backwards and stops at LIMIT.
# `instance_id = ?` (rarer, and few tasks per instance) has one index for every state.
SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS beeos_owners (owner_id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS beeos_credentials (
    token TEXT PRIMARY KEY, key_id TEXT NOT NULL, owner_id TEXT NOT NULL, expires_us INTEGER
);
CREATE TABLE IF NOT EXISTS beeos_agents (
    agent_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, name TEXT NOT NULL, archived INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS beeos_agent_shares (
    owner_id TEXT NOT NULL, agent_id TEXT NOT NULL, PRIMARY KEY (owner_id, agent_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS beeos_tasks (
    task_id TEXT NOT NULL, owner_id TEXT NOT NULL, agent_id TEXT NOT NULL, protocol TEXT NOT NULL,
    is_open INTEGER NOT NULL, created_us INTEGER NOT NULL, wire TEXT NOT NULL, instance_id TEXT
);
-- A unique index rather than a primary key: random task ids make a key B-tree slow to grow row by
-- row, and an index can be dropped during a bulk load and built sorted afterwards (Store.load).
CREATE UNIQUE INDEX IF NOT EXISTS beeos_tasks_id ON beeos_tasks (task_id);
CREATE INDEX IF NOT EXISTS beeos_tasks_owner ON beeos_tasks (owner_id, protocol, created_us, task_id);
CREATE INDEX IF NOT EXISTS beeos_tasks_owner_state
    ON beeos_tasks (owner_id, protocol, is_open, created_us, task_id);
CREATE INDEX IF NOT EXISTS beeos_tasks_agent
    ON beeos_tasks (owner_id, protocol, agent_id, created_us, task_id);
CREATE INDEX IF NOT EXISTS beeos_tasks_agent_state
    ON beeos_tasks (owner_id, protocol, agent_id, is_open, created_us, task_id);
CREATE INDEX IF NOT EXISTS beeos_tasks_instance
    ON beeos_tasks (owner_id, protocol, instance_id, created_us, task_id);
"""

TASK_PROTOCOL = "openapi"
"""The only channel protocol that is a task; every other one (conversations) never surfaces."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
TaskRow = tuple[str, str, str, str, int, int, str, "str | None"]
"""(task_id, owner_id, agent_id, protocol, is_open, created_us, wire JSON, instance_id): one beeos_tasks row."""


def timestamp_us(text: str) -> int:
    """Microseconds since the epoch of an RFC 3339 timestamp; ValueError if it has no UTC offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return micros(moment)


def micros(moment: datetime) -> int:
    """Microseconds since the epoch of a datetime with a UTC offset (exact: no float on the way)."""
    return (moment - _EPOCH) // _US


def format_timestamp(moment: datetime) -> str:
    """The wire form of a time: UTC, whole seconds, `Z` suffix (as the seed's examples)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def task_row(owner_id: str, protocol: str, task: dict, *, created_us: int, instance_id: str | None = None, wire: str = "") -> TaskRow:
    """The beeos_tasks row of an already validated wire task created at `created_us`, running on `instance_id`.

    `wire` is the task's JSON text when the caller has it already (a jsonl line's slice).
    """
    wire = wire or _JSON.encode(task)
    return (task["task_id"], owner_id, task["agent_id"], protocol, int(task["state"] == "active"), created_us, wire, instance_id)


def insert_tasks(conn: sqlite3.Connection, rows: Iterable[TaskRow]) -> None:
    """Insert task rows with one executemany (rows may be a generator: nothing is held in memory)."""
    conn.executemany("INSERT INTO beeos_tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def replace_task(conn: sqlite3.Connection, row: TaskRow) -> None:
    """Overwrite the row of task row[0] (the admin API's update)."""
    conn.execute(
        "UPDATE beeos_tasks SET owner_id = ?, agent_id = ?, protocol = ?, is_open = ?, created_us = ?, wire = ?,"
        " instance_id = ? WHERE task_id = ?",
        (*row[1:], row[0]),
    )


def task_record(conn: sqlite3.Connection, task_id: str) -> tuple[str, str, dict, str | None] | None:
    """(owner_id, protocol, wire task, instance_id) of any channel by id, or None."""
    row = conn.execute("SELECT owner_id, protocol, wire, instance_id FROM beeos_tasks WHERE task_id = ?", (task_id,)).fetchone()
    return None if row is None else (row[0], row[1], json.loads(row[2]), row[3])


def callers(conn: sqlite3.Connection, owner_id: str) -> frozenset[str] | None:
    """The identities that may submit tasks for `owner_id` (the owner and its key ids), None if unknown."""
    if conn.execute("SELECT 1 FROM beeos_owners WHERE owner_id = ?", (owner_id,)).fetchone() is None:
        return None
    keys = conn.execute("SELECT key_id FROM beeos_credentials WHERE owner_id = ?", (owner_id,))
    return frozenset([owner_id, *(key for (key,) in keys)])


def agent_exists(conn: sqlite3.Connection, agent_id: str) -> bool:
    """Whether any owner has an agent `agent_id` (archived ones included)."""
    return conn.execute("SELECT 1 FROM beeos_agents WHERE agent_id = ?", (agent_id,)).fetchone() is not None


def agent_visible(conn: sqlite3.Connection, owner_id: str, agent_id: str) -> bool:
    """Whether `owner_id` can see `agent_id` today: its own or shared with it, and not archived."""
    row = conn.execute(
        "SELECT 1 FROM beeos_agents a WHERE a.agent_id = ? AND a.archived = 0 AND (a.owner_id = ? OR EXISTS"
        " (SELECT 1 FROM beeos_agent_shares s WHERE s.owner_id = ? AND s.agent_id = a.agent_id))",
        (agent_id, owner_id, owner_id),
    ).fetchone()
    return row is not None


def is_timestamp(value: object) -> bool:
    """Whether `value` is an RFC 3339 timestamp string with a UTC offset."""
    try:
        timestamp_us(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True
