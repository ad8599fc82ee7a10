"""Load an orq fixtures dir (tenants.yaml + tasks.yaml or tasks.jsonl) into SQLite, checking every record."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from mock.core.errors import FixtureError
from mock.orq import store
from mock.orq.rules import record_label, record_problems
from mock.orq.tenants import agent_refs, insert_tenants, load_yaml, read_tenants

TASK_FILES = ("tasks.yaml", "tasks.jsonl")


def tasks_file(fixtures_dir: Path) -> Path:
    """The one task file of `fixtures_dir` (a FixtureError unless exactly one exists)."""
    found = [fixtures_dir / name for name in TASK_FILES if (fixtures_dir / name).is_file()]
    if len(found) != 1:
        raise FixtureError(str(fixtures_dir), "-", "-", f"expected exactly one of {', '.join(TASK_FILES)}, found {len(found)}")
    return found[0]


def records(path: Path) -> Iterator[Any]:
    """The task records of a tasks.yaml or tasks.jsonl file, in file order."""
    if path.suffix == ".jsonl":
        # Streamed line by line: a million-task world never sits in memory as Python objects.
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise FixtureError(str(path), str(number), "<root>", f"not a JSON record: {exc}") from None
        return
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise FixtureError(str(path), "-", "tasks", "must be a mapping with a list under 'tasks'")
    yield from data["tasks"]


def load_world(conn: sqlite3.Connection, fixtures_dir: Path) -> None:
    """Insert a checked fixtures dir; the first bad record raises FixtureError (the caller rolls back)."""
    fixtures_dir = Path(fixtures_dir)
    tenants = read_tenants(fixtures_dir / "tenants.yaml")
    path = tasks_file(fixtures_dir)
    agents = agent_refs(tenants)
    seen: set[str] = set()

    def rows() -> Iterator[tuple]:
        for number, record in enumerate(records(path), start=1):
            problems = record_problems(record, agents)
            if problems:
                raise FixtureError(str(path), record_label(number, record), *problems[0])
            task = record["task"]
            if task["_id"] in seen:
                raise FixtureError(str(path), record_label(number, record), "task._id", "duplicate _id")
            seen.add(task["_id"])
            yield store.task_row(record["tenant"], record["agent"], task)

    insert_tenants(conn, tenants)
    # One executemany over a generator: rows stream into the caller's single transaction.
    conn.executemany(store.INSERT_TASK, rows())
