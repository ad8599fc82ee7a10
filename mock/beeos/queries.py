"""The two BeeOS task lists: owner-scoped, newest first, `state`/`agent_id`/`instance_id` filtered, paged by a signed `next_since` cursor."""

from __future__ import annotations

import sqlite3
from typing import Any

from mock.beeos import store
from mock.core import cursors, wire
from mock.core.errors import InvalidRequest, NotFound
from mock.core.plugin import Principal

# `active` is the legacy wire alias of `open`; `all` adds no condition.
_STATE_CONDITIONS = {"active": "is_open = 1", "open": "is_open = 1", "closed": "is_open = 0", "all": None}
_INVALID_CURSOR = "query parameter 'since': the cursor is not valid: pass next_since from a previous page unchanged"
DEFAULT_LIMIT = 50
"""`GET /api/v1/tasks` publishes it; the per-agent list publishes no default and uses the same."""
END = ""
"""`next_since` on the last page: the published contract says it is empty at the end of results."""


def list_user_tasks(
    conn: sqlite3.Connection,
    principal: Principal,
    *,
    agent_id: str | None = None,
    instance_id: str | None = None,
    state: str = "active",
    since: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """`GET /api/v1/tasks` (listUserTasks): every task the owner has, across agents (even ones it no longer sees)."""
    return _page(conn, principal, agent_id=agent_id, instance_id=instance_id, state=state, since=since, limit=limit)


def list_agent_tasks(
    conn: sqlite3.Connection,
    principal: Principal,
    *,
    agent_id: str,
    state: str = "active",
    since: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """`GET /api/v1/agents/{agentId}/tasks`: `/tasks?agent_id=`, or 404 agent_not_found for an agent the owner has no business with."""
    owner = principal.tenant_id
    if not store.agent_visible(conn, owner, agent_id) and not _has_tasks(conn, owner, agent_id):
        # One message for unknown and foreign agents alike: the answer must not reveal which it is.
        raise NotFound(f"agent {agent_id!r} not found", code="agent_not_found")
    return _page(conn, principal, agent_id=agent_id, instance_id=None, state=state, since=since, limit=limit)


def _has_tasks(conn: sqlite3.Connection, owner: str, agent_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM beeos_tasks WHERE owner_id = ? AND protocol = ? AND agent_id = ? LIMIT 1",
        (owner, store.TASK_PROTOCOL, agent_id),
    ).fetchone()
    return row is not None


def page_query(
    *, agent_id: str | None, state: str, after: tuple[int, str] | None, limit: int, instance_id: str | None = None
) -> tuple[str, list]:
    """SQL and arguments (owner id first, to fill in) of one page; public so a test can EXPLAIN it."""
    if state not in _STATE_CONDITIONS:
        raise InvalidRequest(f"query parameter 'state': must be one of {', '.join(_STATE_CONDITIONS)}, not {state!r}", code="invalid_param")
    if type(limit) is not int or not 1 <= limit <= 100:
        raise InvalidRequest(f"query parameter 'limit': must be between 1 and 100, not {limit!r}", code="invalid_param")
    where, args = ["owner_id = ?", "protocol = ?"], [store.TASK_PROTOCOL]
    if agent_id is not None:
        where.append("agent_id = ?")
        args.append(agent_id)
    if instance_id is not None:
        where.append("instance_id = ?")
        args.append(instance_id)
    if _STATE_CONDITIONS[state]:
        where.append(_STATE_CONDITIONS[state])
    if after is not None:
        # A row-value comparison is one index range, so a deep page costs what the first one does.
        where.append("(created_us, task_id) < (?, ?)")
        args.extend(after)
    sql = f"SELECT created_us, task_id, wire FROM beeos_tasks WHERE {' AND '.join(where)} ORDER BY created_us DESC, task_id DESC LIMIT ?"
    # One row more than asked tells whether a next page exists, so the last page's next_since is "".
    return sql, [*args, limit + 1]


def _page(conn: sqlite3.Connection, principal: Principal, *, agent_id, instance_id, state, since, limit) -> dict[str, Any]:
    owner = principal.tenant_id
    secret = principal.cursor_secret  # type: ignore[attr-defined]
    # An empty since is the first page, like none: `""` is what the last page hands out.
    after = _position(since, secret, owner) if since else None
    sql, args = page_query(agent_id=agent_id, instance_id=instance_id, state=state, after=after, limit=limit)
    rows = conn.execute(sql, [owner, *args]).fetchall()
    more, rows = len(rows) > limit, rows[:limit]
    next_since = cursors.encode({"c": rows[-1][0], "i": rows[-1][1]}, secret, tenant=owner) if more else END
    return {"success": True, "data": {"tasks": [wire.loads(row[2]) for row in rows], "next_since": next_since}}


def _position(since: str, secret: str, owner: str) -> tuple[int, str]:
    """The (created_us, task_id) a cursor points after; a forged, foreign or malformed one is 400 invalid_param (`since`)."""
    try:
        payload = cursors.decode(since, secret, tenant=owner)
    except InvalidRequest:
        payload = None
    position, task_id = (payload.get("c"), payload.get("i")) if payload else (None, None)
    if type(position) is not int or not isinstance(task_id, str):
        raise InvalidRequest(_INVALID_CURSOR, code="invalid_param")
    return position, task_id
