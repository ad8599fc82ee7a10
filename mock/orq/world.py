"""Load an orq fixtures dir (tenants.yaml + tasks.yaml or tasks.jsonl) into SQLite, checking every record."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterator

from mock.core.errors import FixtureError
from mock.core.fixture_files import tasks_file
from mock.core.task_records import record_of, task_items
from mock.orq import store
from mock.orq.rules import RECORD_KEYS, AgentRef, fixture_validator, record_label, record_problems, world_problems
from mock.orq.tenants import agent_refs, insert_tenants, read_tenants

def load_world(conn: sqlite3.Connection, fixtures_dir: Path) -> None:
    """Insert a checked fixtures dir; the first bad record raises FixtureError (the caller rolls back)."""
    fixtures_dir = Path(fixtures_dir)
    tenants = read_tenants(fixtures_dir / "tenants.yaml")
    path = tasks_file(fixtures_dir)
    agents = agent_refs(tenants)
    is_task = fixture_validator("Task").is_valid
    seen: set[str] = set()

    def agent_of(members: dict) -> AgentRef | None:
        # What record_problems checks before the task, for a record's members other than "task".
        tenant, key = members.get("tenant"), members.get("agent")
        if members.keys() - {"task"} != RECORD_KEYS - {"task"} or type(tenant) is not str or type(key) is not str:
            return None
        return agents.get(tenant, {}).get(key)

    def quick_row(agent: AgentRef, task: Any, body: str = "") -> tuple | None:
        # record_problems' verdict on a valid record at a fraction of its cost; None: ask it why.
        if not is_task(task) or task["_id"] in seen or world_problems(task, agent):
            return None
        seen.add(task["_id"])
        return store.task_row(agent.tenant, agent.key, task, body=body)

    def slow_row(number: int, record: Any) -> tuple:
        problems = record_problems(record, agents)
        if problems:
            raise FixtureError(str(path), record_label(number, record), *problems[0])
        task = record["task"]
        if task["_id"] in seen:
            raise FixtureError(str(path), record_label(number, record), "task._id", "duplicate _id")
        seen.add(task["_id"])
        return store.task_row(record["tenant"], record["agent"], task)

    def rows() -> Iterator[tuple]:
        # Streamed (jsonl) or read line by line (flow YAML): a big world's tasks are never serialised again.
        for item in task_items(path, agent_of):
            row = None if item.head is None else quick_row(item.head, item.task, item.text)
            yield row or slow_row(item.number, record_of(path, item))

    insert_tenants(conn, tenants)
    # One executemany over a generator: rows stream into the caller's single transaction.
    conn.executemany(store.INSERT_TASK, rows())
