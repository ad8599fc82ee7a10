"""Admin operations of the mock's runtime API: create, update and delete one channel, checked like a fixture."""

from __future__ import annotations

import secrets
import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Any

from mock.beeos import store
from mock.beeos.fixtures import check_record
from mock.beeos.store import TaskRow, format_timestamp
from mock.beeos.world import StoreView
from mock.core.errors import FixtureError, InvalidRequest, NotFound

TASK_KEYS = ("task_id", "agent_id", "caller_id", "close_reason", "metadata", "created_at", "closed_at", "deadline_at")
"""The wire Task's keys, in the order the API sends them."""

DEFAULT_DEADLINE = timedelta(hours=24)


def create_task(conn: sqlite3.Connection, record: dict) -> dict:
    """Insert a fixture-format record; omitted task fields get an id, now, a 24 h deadline and an open state."""
    if not isinstance(record, dict) or not isinstance(record.get("task", {}), dict):
        raise InvalidRequest("a task record is an object {tenant, protocol?, task: {...}}")
    now = datetime.now(timezone.utc)
    given = record.get("task", {})
    created = given.get("created_at", format_timestamp(now))
    defaults = {
        "task_id": f"tsk_{secrets.token_hex(10)}",
        "caller_id": record.get("tenant"),
        "close_reason": None,
        "metadata": {},
        "created_at": created,
        "closed_at": None,
        "deadline_at": _plus(created, DEFAULT_DEADLINE),
    }
    task = {key: given.get(key, defaults.get(key)) for key in TASK_KEYS if key in given or key in defaults}
    task.update((key, value) for key, value in given.items() if key not in task)  # the schema rejects strays
    row = _checked(conn, {**record, "task": task}, updating=None)
    store.insert_tasks(conn, [row])
    return task


def update_task(conn: sqlite3.Connection, task_id: str, patch: dict) -> dict:
    """Shallow-merge `patch` (wire Task fields, e.g. closed_at + close_reason to close it) into task `task_id`."""
    found = store.task_record(conn, task_id)
    if found is None:
        raise NotFound(f"task {task_id!r} not found")
    if not isinstance(patch, dict):
        raise InvalidRequest("a patch is an object of Task fields")
    if patch.get("task_id", task_id) != task_id:
        raise InvalidRequest("field 'task_id': cannot change")
    owner, protocol, wire = found
    task = {**wire, **patch}
    store.replace_task(conn, _checked(conn, {"tenant": owner, "protocol": protocol, "task": task}, updating=task_id))
    return task


def delete_task(conn: sqlite3.Connection, task_id: str) -> None:
    """Remove channel `task_id`; NotFound if there is none."""
    if conn.execute("DELETE FROM beeos_tasks WHERE task_id = ?", (task_id,)).rowcount == 0:
        raise NotFound(f"task {task_id!r} not found")


def _checked(conn: sqlite3.Connection, record: dict, *, updating: str | None) -> TaskRow:
    try:
        return check_record(record, StoreView(conn, updating=updating), file="admin", label="record")
    except FixtureError as exc:
        raise InvalidRequest(f"field {exc.field!r}: {exc.problem}") from None


def _plus(timestamp: Any, delta: timedelta) -> Any:
    """`timestamp` + `delta` in wire form; a malformed timestamp is passed through for the checker to name."""
    try:
        return format_timestamp(datetime.fromisoformat(timestamp) + delta)
    except (TypeError, ValueError):
        return timestamp
