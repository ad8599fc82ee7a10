"""`listAgentTasks`: one page of an agent's tasks, newest first, with ULID cursors and a status filter."""

from __future__ import annotations

import heapq
import math
import sqlite3

from mock.core import wire
from mock.core.errors import InvalidRequest, NotFound
from mock.core.plugin import Principal
from mock.orq.rules import STATUSES

_WHERE = "tenant = ? AND agent = ?"


def parse_status(value: str | None) -> tuple[str, ...] | None:
    """The statuses a `status` list selects, or None when it selects every task."""
    if value is None:
        return None
    words = value.split(",")
    unknown = [word for word in words if word not in STATUSES]
    if unknown:
        raise InvalidRequest(
            f"query parameter 'status': {unknown[0]!r} is not one of {', '.join(STATUSES)} (comma-separated, no spaces)"
        )
    chosen = tuple(s for s in STATUSES if s in words)
    # All four statuses select every task: use the cheaper unfiltered walk.
    return None if len(chosen) == len(STATUSES) else chosen


def page_size(limit: float) -> int:
    """`limit` is a `number` (the Python SDK sends `10.0`): a fractional one is rounded down.

    The spec's bounds (1..200) are checked before; NaN passes both bounds, so it is refused here.
    """
    if not math.isfinite(limit):
        raise InvalidRequest(f"query parameter 'limit': {limit!r} is not a number from 1 to 200")
    return math.floor(limit)


def list_agent_tasks(
    conn: sqlite3.Connection,
    principal: Principal,
    *,
    agent_key: str,
    limit: float = 10,
    starting_after: str | None = None,
    ending_before: str | None = None,
    status: str | None = None,
) -> dict:
    """The `limit` tasks of `agent_key` after/before a cursor, and how many match the filter."""
    # An empty cursor marks no place in the list: it is no cursor.
    starting_after, ending_before = starting_after or None, ending_before or None
    if starting_after is not None and ending_before is not None:
        raise InvalidRequest("starting_after and ending_before are mutually exclusive: pass at most one")
    statuses = parse_status(status)
    limit = page_size(limit)
    key = (principal.tenant_id, agent_key)
    if conn.execute("SELECT 1 FROM orq_agents WHERE tenant = ? AND key = ?", key).fetchone() is None:
        # The same answer for another workspace's agent: a 404 must not reveal that it exists.
        raise NotFound(f"No agent tasks found: there is no agent {agent_key!r} in this workspace")
    if ending_before is not None:
        # The `limit` tasks just newer than the cursor, oldest first, then flipped to newest first.
        bodies = _walk(conn, key, statuses, limit, (" AND id > ?", ending_before), "ASC")[::-1]
    else:
        bound = (" AND id < ?", starting_after) if starting_after is not None else ("", None)
        bodies = _walk(conn, key, statuses, limit, bound, "DESC")
    return {"tasks": [wire.loads(body) for body in bodies], "overall_total": _total(conn, key, statuses)}


def _walk(conn, key, statuses, limit, bound, order) -> list[str]:
    """Up to `limit` task bodies in `_id` `order` past a bound: one indexed walk per status."""
    clause, cursor = bound
    cursor_args = () if cursor is None else (cursor,)
    if statuses is None:
        sql = f"SELECT id, body FROM orq_tasks WHERE {_WHERE}{clause} ORDER BY id {order} LIMIT ?"
        return [row["body"] for row in conn.execute(sql, (*key, *cursor_args, limit))]
    sql = f"SELECT id, body FROM orq_tasks WHERE {_WHERE} AND status = ?{clause} ORDER BY id {order} LIMIT ?"
    walks = [conn.execute(sql, (*key, s, *cursor_args, limit)).fetchall() for s in statuses]
    # Each walk is sorted and at most `limit` long, so the merged head is the true page.
    merged = heapq.merge(*walks, key=lambda row: row["id"], reverse=order == "DESC")
    return [row["body"] for _, row in zip(range(limit), merged)]


def _total(conn, key, statuses) -> int:
    if statuses is None:
        return conn.execute(f"SELECT COUNT(*) FROM orq_tasks WHERE {_WHERE}", key).fetchone()[0]
    marks = ", ".join("?" * len(statuses))
    sql = f"SELECT COUNT(*) FROM orq_tasks WHERE {_WHERE} AND status IN ({marks})"
    return conn.execute(sql, (*key, *statuses)).fetchone()[0]
