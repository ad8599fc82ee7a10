"""orq's SQLite tables and the conversion between a stored row and a wire task."""

from __future__ import annotations

import sqlite3
from typing import Any

from mock.core import wire
from mock.orq.rules import AgentRef, derive_status

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS orq_tenants (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS orq_api_keys (
    token TEXT PRIMARY KEY, tenant TEXT NOT NULL, expires_at_ms INTEGER
);
CREATE TABLE IF NOT EXISTS orq_agents (
    tenant TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, manifest TEXT NOT NULL,
    PRIMARY KEY (tenant, key)
);
CREATE TABLE IF NOT EXISTS orq_tasks (
    id TEXT PRIMARY KEY, tenant TEXT NOT NULL, agent TEXT NOT NULL, status TEXT NOT NULL,
    body TEXT NOT NULL
);
-- Every list query walks one of these in _id order and stops at LIMIT: an unfiltered page uses the
-- first, a status-filtered page runs one walk per status over the second and merges them.
CREATE INDEX IF NOT EXISTS orq_tasks_by_agent ON orq_tasks (tenant, agent, id);
CREATE INDEX IF NOT EXISTS orq_tasks_by_agent_status ON orq_tasks (tenant, agent, status, id);
"""

INSERT_TENANT = "INSERT INTO orq_tenants (id, workspace_id) VALUES (?, ?)"
INSERT_API_KEY = "INSERT INTO orq_api_keys (token, tenant, expires_at_ms) VALUES (?, ?, ?)"
INSERT_AGENT = "INSERT INTO orq_agents (tenant, key, id, manifest) VALUES (?, ?, ?, ?)"
INSERT_TASK = "INSERT INTO orq_tasks (id, tenant, agent, status, body) VALUES (?, ?, ?, ?, ?)"


def dumps(value: Any) -> str:
    """Compact JSON, the form wire objects are stored in (orjson: a big world's load wrote them with
    the json module for a sixth of its first start)."""
    return wire.dumps(value).decode()


def task_row(tenant: str, agent: str, task: dict, *, body: str = "") -> tuple:
    """The `orq_tasks` row of a checked task: indexed columns plus the wire task as JSON.

    `body` is the task's JSON text when the caller has it already (a jsonl line's slice).
    """
    return (task["_id"], tenant, agent, derive_status(task["state"]), body or dumps(task))


def agent_refs(conn: sqlite3.Connection) -> dict[str, dict[str, AgentRef]]:
    """Every stored agent, as the rules want them: tenant -> key -> AgentRef."""
    refs: dict[str, dict[str, AgentRef]] = {row["id"]: {} for row in conn.execute("SELECT id FROM orq_tenants")}
    rows = conn.execute(
        "SELECT a.tenant, a.key, a.id, t.workspace_id FROM orq_agents a JOIN orq_tenants t ON t.id = a.tenant"
    )
    for row in rows:
        refs[row["tenant"]][row["key"]] = AgentRef(row["tenant"], row["workspace_id"], row["key"], row["id"])
    return refs


def stored_task(conn: sqlite3.Connection, task_id: str) -> sqlite3.Row | None:
    """The row of task `task_id` (tenant, agent, body), or None."""
    return conn.execute("SELECT tenant, agent, body FROM orq_tasks WHERE id = ?", (task_id,)).fetchone()
