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

TASK_KEYS = ("task_id", "agent_id", "caller_id", "state", "close_reason", "metadata", "created_at", "closed_at", "deadline_at")
"""The wire TaskSummary's keys, in the order the API sends them."""

DEFAULT_DEADLINE = timedelta(hours=24)


def create_task(conn: sqlite3.Connection, record: dict) -> dict:
    """Insert a fixture-format record; omitted task fields get an id, now, a 24 h deadline and the active state."""
    if not isinstance(record, dict) or not isinstance(record.get("task", {}), dict):
        raise InvalidRequest("a task record is an object {tenant, protocol?, instance_id?, task: {...}}")
    now = datetime.now(timezone.utc)
    given = record.get("task", {})
    created = given.get("created_at", format_timestamp(now))
    defaults = {
        "task_id": f"tsk_{secrets.token_hex(10)}",
        "caller_id": record.get("tenant"),
        "state": "closed" if "close_reason" in given or "closed_at" in given else "active",
        "metadata": {},
        "created_at": created,
        "deadline_at": _plus(created, DEFAULT_DEADLINE),
    }
    task = {key: given.get(key, defaults.get(key)) for key in TASK_KEYS if key in given or key in defaults}
    task.update((key, value) for key, value in given.items() if key not in task)  # served as given (the schema is open)
    row = _checked(conn, {**record, "task": task}, updating=None)
    store.insert_tasks(conn, [row])
    return task


def update_task(conn: sqlite3.Connection, task_id: str, patch: dict) -> dict:
    """Shallow-merge `patch` (wire TaskSummary fields) into task `task_id`; a key patched to null is removed.

    Closing a task is `{"state": "closed", "close_reason": ..., "closed_at": ...}`; reopening it
    `{"state": "active", "close_reason": null, "closed_at": null}`. A patch that sets
    `close_reason`/`closed_at` without `state` closes the task (and removing both reopens it).
    """
    found = store.task_record(conn, task_id)
    if found is None:
        raise NotFound(f"task {task_id!r} not found")
    if not isinstance(patch, dict):
        raise InvalidRequest("a patch is an object of Task fields")
    if patch.get("task_id", task_id) != task_id:
        raise InvalidRequest("field 'task_id': cannot change")
    owner, protocol, wire, instance = found
    task = {key: value for key, value in {**wire, **patch}.items() if value is not None}
    if "state" not in patch and ("close_reason" in patch or "closed_at" in patch):
        task["state"] = "closed" if "close_reason" in task or "closed_at" in task else "active"
    task = {key: task[key] for key in (*TASK_KEYS, *task) if key in task}  # the wire order, other keys last
    record = {"tenant": owner, "protocol": protocol, "task": task} | ({} if instance is None else {"instance_id": instance})
    store.replace_task(conn, _checked(conn, record, updating=task_id))
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
