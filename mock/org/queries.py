"""The org operation: list an organisation's tasks, filtered, newest first, or its reverse dependencies."""

from __future__ import annotations

import sqlite3
from typing import Any

from mock.core import wire
from mock.core.errors import NotFound
from mock.core.plugin import Principal

_ORDER = "ORDER BY created_at DESC, task_id DESC"


def _filters(task_list_id: str | None, status: str | None, assigned_agent_id: str | None, prefix: str) -> tuple[str, list]:
    # Every filter given must match (intersection); None means "not filtered".
    pairs = (("task_list_id", task_list_id), ("status", status), ("assigned_agent_id", assigned_agent_id))
    given = [(column, value) for column, value in pairs if value is not None]
    return "".join(f" AND {prefix}{column} = ?" for column, _ in given), [value for _, value in given]


def list_tasks_sql(org: str, *, task_list_id=None, status=None, assigned_agent_id=None, limit: int) -> tuple[str, list]:
    """SQL + parameters of a plain list; the matching composite index serves it in order."""
    where, params = _filters(task_list_id, status, assigned_agent_id, "")
    return f"SELECT body FROM org_tasks WHERE org = ?{where} {_ORDER} LIMIT ?", [org, *params, limit]


def dependents_sql(org: str, blocker: str, *, task_list_id=None, status=None, assigned_agent_id=None, limit: int) -> tuple[str, list]:
    """SQL + parameters of a reverse lookup: the tasks whose dependsOn lists `blocker`, read from org_task_deps in order."""
    where, params = _filters(task_list_id, status, assigned_agent_id, "t.")
    sql = (
        "SELECT d.task_id, t.body FROM org_task_deps AS d JOIN org_tasks AS t ON t.task_id = d.task_id"
        f" WHERE d.org = ? AND d.blocker = ?{where}"
        " ORDER BY d.created_at DESC, d.task_id DESC LIMIT ?"
    )
    return sql, [org, blocker, *params, limit]


def list_tasks(
    conn: sqlite3.Connection,
    principal: Principal,
    *,
    organisation: str,
    task_list_id: str | None = None,
    status: str | None = None,
    assigned_agent_id: str | None = None,
    limit: int = 50,
    depends_on: str | None = None,
    include_details: bool = False,
) -> dict[str, Any]:
    """`listTasks`: `{tasks, count}`, or with `dependsOn` `{taskIds, [tasks,] count, dependsOn}`; `count` = tasks returned."""
    if organisation != principal.tenant_id:
        # A key sees one organisation: any other is answered exactly like one that does not exist.
        raise NotFound(f"organisation {organisation!r} not found")
    filters = {"task_list_id": task_list_id, "status": status, "assigned_agent_id": assigned_agent_id, "limit": limit}
    if depends_on is None:
        sql, params = list_tasks_sql(organisation, **filters)
        tasks = [wire.loads(body) for (body,) in conn.execute(sql, params)]
        return {"tasks": tasks, "count": len(tasks)}
    # UUIDs are case-insensitive; stored IDs are lowercase, and the echo is what the client sent.
    sql, params = dependents_sql(organisation, depends_on.lower(), **filters)
    rows = conn.execute(sql, params).fetchall()
    body: dict[str, Any] = {"taskIds": [task_id for task_id, _ in rows]}
    if include_details:
        body["tasks"] = [wire.loads(text) for _, text in rows]
    return {**body, "count": len(rows), "dependsOn": depends_on}
