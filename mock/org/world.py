"""Load an org fixtures dir (tenants.yaml + tasks.yaml or tasks.jsonl) into SQLite, checking every record."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

import yaml

from mock.core.errors import FixtureError
from mock.org import store
from mock.org.rules import record_label, record_problems
from mock.org.tenants import insert_tenants, read_tenants

TASK_FILES = ("tasks.yaml", "tasks.jsonl")
_LOAD_CACHE_KIB = -256 * 1024  # negative: a size in KiB, not in pages


def tasks_file(fixtures_dir: Path) -> Path:
    """The one task file of `fixtures_dir` (a FixtureError unless exactly one exists)."""
    found = [fixtures_dir / name for name in TASK_FILES if (fixtures_dir / name).is_file()]
    if len(found) != 1:
        raise FixtureError(str(fixtures_dir), "-", "-", f"expected exactly one of {', '.join(TASK_FILES)}, found {len(found)}")
    return found[0]


def _records(path: Path) -> Iterator[Any]:
    if path.suffix == ".jsonl":
        # Streamed line by line: a million-task world never sits in memory as Python objects.
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise FixtureError(str(path), str(number), "<root>", f"not a JSON record: {exc}") from None
        return
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise FixtureError(str(path), "-", "tasks", "must be a mapping with a list under 'tasks'")
    yield from data["tasks"]


def load_world(conn: sqlite3.Connection, fixtures_dir: Path) -> None:
    """Insert a checked fixtures dir; the first bad record raises FixtureError (the caller rolls back)."""
    fixtures_dir = Path(fixtures_dir)
    tenants = read_tenants(fixtures_dir / "tenants.yaml")
    path = tasks_file(fixtures_dir)
    agents = {t["id"]: {a["id"] for a in t["agents"]} for t in tenants}
    owner: dict[str, str] = {}  # taskId -> organisation, for duplicates and references
    deps: list[tuple[int, int, tuple]] = []  # (record number, position, dep row), checked at the end

    def rows() -> Iterator[tuple]:
        for number, record in enumerate(_records(path), start=1):
            problems = record_problems(record, agents)
            if problems:
                raise FixtureError(str(path), record_label(number, record), *problems[0])
            task = record["task"]
            if task["taskId"] in owner:
                raise FixtureError(str(path), record_label(number, record), "task.taskId", "duplicate taskId")
            owner[task["taskId"]] = task["orgId"]
            deps.extend((number, i, row) for i, row in enumerate(store.dep_rows(task)))
            yield store.task_row(task)

    insert_tenants(conn, tenants)
    (previous_cache,) = conn.execute("PRAGMA cache_size").fetchone()
    # Nine B-trees grow at once: with SQLite's default 2 MB page cache a big world spills dirty
    # pages over and over (twice the time at 150k tasks). The cache grows only as needed.
    conn.execute(f"PRAGMA cache_size = {_LOAD_CACHE_KIB}")
    try:
        conn.executemany(store.INSERT_TASK, rows())
        for number, position, (org, blocker, _, task_id) in deps:
            if owner.get(blocker) != org:
                where = "belongs to another organisation" if blocker in owner else "is not a task of any organisation"
                raise FixtureError(
                    str(path), f"{number} (taskId={task_id})", f"task.blockedByTaskIds.{position}", f"{blocker} {where}"
                )
        # In primary-key order the dependency B-tree is written append-only.
        conn.executemany(store.INSERT_DEP, sorted(row for _, _, row in deps))
    finally:
        conn.execute(f"PRAGMA cache_size = {previous_cache}")
