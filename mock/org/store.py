"""SQLite layout of the org world: wire tasks as JSON plus an index for every filter combination."""

from __future__ import annotations

import itertools
import json
import sqlite3
from typing import Any, Iterable

from mock.core import wire

# The filterable columns, in the order their composite indexes list them.
FILTER_COLUMNS = ("task_list_id", "status", "assigned_agent_id")


def _filter_indexes() -> str:
    # One index per subset of the filters, each ending with the list order: any combination of
    # filters is then one index range read in order, stopping after LIMIT rows (no sort, no scan).
    statements = []
    for size in range(len(FILTER_COLUMNS) + 1):
        for subset in itertools.combinations(FILTER_COLUMNS, size):
            name = "_".join(["org_tasks_by_org", *subset])
            columns = ", ".join(["org", *subset, "created_at", "task_id"])
            statements.append(f"CREATE INDEX IF NOT EXISTS {name} ON org_tasks ({columns});\n")
    return "".join(statements)


SCHEMA_SQL = (
    """
CREATE TABLE IF NOT EXISTS org_tenants (org TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS org_agents (
    org TEXT NOT NULL, agent_id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (org, agent_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org_credentials (
    token TEXT PRIMARY KEY, org TEXT NOT NULL, expires_at_ms INTEGER, note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS org_tasks (
    task_id TEXT PRIMARY KEY, org TEXT NOT NULL, task_list_id TEXT, status TEXT NOT NULL,
    assigned_agent_id TEXT, created_at INTEGER NOT NULL, body TEXT NOT NULL
);
-- Reverse dependencies: one row per (task depended on, dependent task), in list order per
-- `blocker` (the task depended on), so
-- dependsOn reads the dependents of one task without looking at any other task.
CREATE TABLE IF NOT EXISTS org_task_deps (
    org TEXT NOT NULL, blocker TEXT NOT NULL, created_at INTEGER NOT NULL, task_id TEXT NOT NULL,
    PRIMARY KEY (org, blocker, created_at, task_id)
) WITHOUT ROWID;
"""
    + _filter_indexes()
)

INSERT_TASK = "INSERT INTO org_tasks VALUES (?, ?, ?, ?, ?, ?, ?)"
INSERT_DEP = "INSERT INTO org_task_deps VALUES (?, ?, ?, ?)"


def task_row(task: dict[str, Any], *, body: str = "") -> tuple:
    """The org_tasks row of a wire task (its indexed columns and its JSON).

    `body` is the task's JSON text when the caller has it already (a jsonl line's slice).
    """
    return (
        task["taskId"],
        task["orgId"],
        task["taskListId"],
        task["status"],
        task["assignedAgentId"],
        task["createdAt"],
        body or wire.dumps(task).decode(),  # orjson, as mock/orq/store.py: the big-world load's hot spot
    )


def dep_rows(task: dict[str, Any]) -> list[tuple]:
    """The org_task_deps rows of a wire task: one per task in its `dependsOn` list."""
    return [(task["orgId"], blocker, task["createdAt"], task["taskId"]) for blocker in task["dependsOn"]]


def insert_tasks(conn: sqlite3.Connection, tasks: Iterable[dict[str, Any]]) -> None:
    """Insert wire tasks and their reverse dependencies (callers validated them)."""
    tasks = list(tasks)
    conn.executemany(INSERT_TASK, map(task_row, tasks))
    conn.executemany(INSERT_DEP, [row for task in tasks for row in dep_rows(task)])


def remove_task(conn: sqlite3.Connection, task: dict[str, Any]) -> None:
    """Delete a stored wire task and the reverse-dependency rows it owns."""
    conn.execute("DELETE FROM org_tasks WHERE task_id = ?", (task["taskId"],))
    conn.executemany(
        "DELETE FROM org_task_deps WHERE org = ? AND blocker = ? AND created_at = ? AND task_id = ?", dep_rows(task)
    )


def get_task(conn: sqlite3.Connection, task_id: str) -> dict[str, Any] | None:
    """The stored wire task `task_id`, or None."""
    row = conn.execute("SELECT body FROM org_tasks WHERE task_id = ?", (task_id,)).fetchone()
    return json.loads(row[0]) if row else None


def first_dependent(conn: sqlite3.Connection, org: str, blocker: str) -> str | None:
    """Any task of `org` whose dependsOn lists `blocker` (None when no task waits for it)."""
    row = conn.execute("SELECT task_id FROM org_task_deps WHERE org = ? AND blocker = ? LIMIT 1", (org, blocker)).fetchone()
    return row[0] if row else None
