"""Load an org fixtures dir (tenants.yaml + tasks.yaml or tasks.jsonl) into SQLite, checking every record."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterator

from agent_tasks.specs import schema_validator
from mock.core.errors import FixtureError
from mock.core.fixture_files import tasks_file
from mock.core.task_records import record_of, task_items
from mock.org import store
from mock.org.rules import SPEC_PATH, record_label, record_problems, world_problems
from mock.org.tenants import insert_tenants, read_tenants

def load_world(conn: sqlite3.Connection, fixtures_dir: Path) -> None:
    """Insert a checked fixtures dir; the first bad record raises FixtureError (the caller rolls back)."""
    fixtures_dir = Path(fixtures_dir)
    tenants = read_tenants(fixtures_dir / "tenants.yaml")
    path = tasks_file(fixtures_dir)
    agents = {t["id"]: {a["id"] for a in t["agents"]} for t in tenants}
    is_task = schema_validator(SPEC_PATH, "Task").is_valid
    owner: dict[str, str] = {}  # taskId -> organisation, for duplicates and references
    deps: list[tuple[int, int, tuple]] = []  # (record number, position, dep row), checked at the end

    def tenant_of(members: dict) -> str | None:
        # What record_problems checks before the task, for a record's members other than "task".
        tenant = members.get("tenant")
        return tenant if members.keys() - {"task"} == {"tenant"} and type(tenant) is str and tenant in agents else None

    def accept(number: int, task: dict, body: str = "") -> tuple:
        owner[task["taskId"]] = task["orgId"]
        deps.extend((number, i, row) for i, row in enumerate(store.dep_rows(task)))
        return store.task_row(task, body=body)

    def quick_row(number: int, tenant: str, task: Any, body: str = "") -> tuple | None:
        # record_problems' verdict on a valid record at a fraction of its cost; None: ask it why.
        if not is_task(task) or task["taskId"] in owner or world_problems(task, tenant, agents):
            return None
        return accept(number, task, body)

    def slow_row(number: int, record: Any) -> tuple:
        problems = record_problems(record, agents)
        if problems:
            raise FixtureError(str(path), record_label(number, record), *problems[0])
        if record["task"]["taskId"] in owner:
            raise FixtureError(str(path), record_label(number, record), "task.taskId", "duplicate taskId")
        return accept(number, record["task"])

    def rows() -> Iterator[tuple]:
        # Streamed (jsonl) or read line by line (flow YAML): a big world's tasks are never serialised again.
        for item in task_items(path, tenant_of):
            row = None if item.head is None else quick_row(item.number, item.head, item.task, item.text)
            yield row or slow_row(item.number, record_of(path, item))

    insert_tenants(conn, tenants)
    conn.executemany(store.INSERT_TASK, rows())
    for number, position, (org, blocker, _, task_id) in deps:
        if owner.get(blocker) != org:
            where = "belongs to another organisation" if blocker in owner else "is not a task of any organisation"
            raise FixtureError(
                str(path), f"{number} (taskId={task_id})", f"task.dependsOn.{position}", f"{blocker} {where}"
            )
    # In primary-key order the dependency B-tree is written append-only.
    conn.executemany(store.INSERT_DEP, sorted(row for _, _, row in deps))
