"""The mock's admin edits of org tasks: create, patch and delete, each checked like a fixture record."""

from __future__ import annotations

import sqlite3
import time
import uuid
from typing import Any

from mock.core.errors import InvalidRequest, NotFound
from mock.org import store
from mock.org.rules import record_problems
from mock.org.tenants import stored_agents


def _now_ms() -> int:
    return int(time.time() * 1000)


def _check(conn: sqlite3.Connection, record: dict[str, Any]) -> None:
    problems = record_problems(record, stored_agents(conn))
    if problems:
        field, problem = problems[0]
        raise InvalidRequest(f"field {field!r}: {problem}")
    task = record["task"]
    for i, blocker in enumerate(task["dependsOn"]):
        row = conn.execute("SELECT org FROM org_tasks WHERE task_id = ?", (blocker,)).fetchone()
        if row is None or row[0] != task["orgId"]:
            raise InvalidRequest(f"field 'task.dependsOn.{i}': {blocker} is not a task of organisation {task['orgId']!r}")


def _found(conn: sqlite3.Connection, task_id: str) -> dict[str, Any]:
    task = store.get_task(conn, task_id)
    if task is None:
        raise NotFound(f"no org task {task_id!r}")
    return task


def create_task(conn: sqlite3.Connection, record: dict[str, Any]) -> dict[str, Any]:
    """Insert `{tenant, task}` (tenant may come from task.orgId); omitted task fields get defaults."""
    given = record.get("task") if isinstance(record, dict) else None
    if not isinstance(given, dict):
        raise InvalidRequest("the body must be a record {tenant, task: {...}} with task a JSON object")
    tenant = record.get("tenant", given.get("orgId"))
    created = given.get("createdAt", _now_ms())
    defaults = {
        "taskId": str(uuid.uuid4()),
        "orgId": tenant,
        "taskListId": None,
        "title": "Untitled task",
        "description": "",
        "status": "pending",
        "assignedAgentId": None,
        "progress": 0,
        "blockedReason": None,
        "blockedByTaskIds": None,
        "createdAt": created,
        "updatedAt": created,
        "dependsOn": [],
    }
    full = {**record, "tenant": tenant, "task": {**defaults, **given}}
    _check(conn, full)
    if store.get_task(conn, full["task"]["taskId"]) is not None:
        raise InvalidRequest(f"field 'task.taskId': duplicate taskId {full['task']['taskId']}")
    store.insert_tasks(conn, [full["task"]])
    return full["task"]


def update_task(conn: sqlite3.Connection, task_id: str, patch: dict[str, Any]) -> dict[str, Any]:
    """Shallow-merge a partial wire task into task `task_id`; updatedAt becomes now unless given."""
    old = _found(conn, task_id)
    for key in ("taskId", "orgId"):
        if key in patch and patch[key] != old[key]:
            raise InvalidRequest(f"field 'task.{key}': cannot change ({old[key]!r} -> {patch[key]!r})")
    new = {**old, **patch}
    if "updatedAt" not in patch:
        new["updatedAt"] = max(_now_ms(), new["createdAt"]) if isinstance(new["createdAt"], int) else _now_ms()
    _check(conn, {"tenant": old["orgId"], "task": new})
    store.remove_task(conn, old)
    store.insert_tasks(conn, [new])
    return new


def delete_task(conn: sqlite3.Connection, task_id: str) -> None:
    """Remove task `task_id`; refused while another task lists it in dependsOn (no dangling IDs)."""
    task = _found(conn, task_id)
    dependent = store.first_dependent(conn, task["orgId"], task_id)
    if dependent is not None:
        raise InvalidRequest(f"task {dependent} depends on task {task_id}: remove it from that task's dependsOn first")
    store.remove_task(conn, task)
