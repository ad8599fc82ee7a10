"""Load a BeeOS fixtures dir into the store: tenants first, then every task record, checked as it streams in."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from agent_tasks.specs import schema_validator
from mock.beeos import store
from mock.beeos.fixtures import PROTOCOL, SPEC, block_records, check_record
from mock.beeos.store import TaskRow, micros, timestamp_us
from mock.beeos.tenants import Tenant, read_tenants
from mock.core.fixture_files import tasks_file
from mock.core.task_records import record_of, task_items

_parse = datetime.fromisoformat
_RECORD_KEYS = frozenset({"tenant", "protocol", "instance_id", "task"})
Head = tuple[str, str, frozenset, "str | None"]
"""(owner id, protocol, callers of that owner, instance id): what a task's check needs from the rest of its record."""


class FixtureView:
    """The world rules while loading: tenants and agents from tenants.yaml, task ids seen so far."""

    def __init__(self, tenants: list[Tenant]) -> None:
        self._callers = {t.owner_id: frozenset([t.owner_id, *(c.key_id for c in t.credentials)]) for t in tenants}
        self._agents = {a.agent_id for t in tenants for a in t.agents}
        self._tasks: set[str] = set()
        self._is_task = schema_validator(SPEC, "TaskSummary").is_valid

    def callers(self, owner_id: str) -> frozenset[str] | None:
        return self._callers.get(owner_id)

    def agent_exists(self, agent_id: str) -> bool:
        return agent_id in self._agents

    def task_exists(self, task_id: str) -> bool:
        return task_id in self._tasks

    def accept(self, row: TaskRow) -> TaskRow:
        """Remember a checked row's task id, so a later duplicate fails."""
        self._tasks.add(row[0])
        return row

    # The fast path below accepts only what check_record accepts (tests/scale/test_fast_path.py holds
    # them together); whatever it does not accept goes to check_record, which names the problem.

    def head(self, members: dict) -> Head | None:
        """The owner, protocol, callers and instance of a record's non-task members, if check_record would pass them."""
        owner, protocol, instance = members.get("tenant"), members.get("protocol", "openapi"), members.get("instance_id")
        if not members.keys() <= _RECORD_KEYS or type(owner) is not str or type(protocol) is not str:
            return None
        if instance is not None and not (type(instance) is str and 1 <= len(instance) <= 128):
            return None
        callers = self._callers.get(owner)
        return None if callers is None or not PROTOCOL.match(protocol) else (owner, protocol, callers, instance)

    def quick_row(self, head: Head, task: Any, wire: str = "") -> TaskRow | None:
        """check_record's row for a valid task (its id remembered), without building errors; None: ask check_record."""
        if not self._is_task(task):
            return None
        owner, protocol, callers, instance = head
        task_id, closed, caller = task["task_id"], task.get("closed_at"), task.get("caller_id")
        if task_id in self._tasks or task["agent_id"] not in self._agents or (caller is not None and caller not in callers):
            return None
        is_closed = task["state"] == "closed"
        if (closed is not None) != is_closed or ("close_reason" in task) != is_closed or "created_at" not in task:
            return None
        # check_record's timestamp rules, inlined: this runs once per record of a million-task world.
        try:
            created = _parse(task["created_at"])
            deadline = _parse(task["deadline_at"]) if "deadline_at" in task else created
            ended = created if closed is None else _parse(closed)
        except ValueError:
            return None
        if None in (created.tzinfo, deadline.tzinfo, ended.tzinfo) or deadline < created or ended < created:
            return None
        self._tasks.add(task_id)
        return store.task_row(owner, protocol, task, created_us=micros(created), instance_id=instance, wire=wire)


class StoreView:
    """The world rules for the admin API: whatever the store holds now (`updating` may keep its own id)."""

    def __init__(self, conn: sqlite3.Connection, *, updating: str | None = None) -> None:
        self._conn, self._updating = conn, updating

    def callers(self, owner_id: str) -> frozenset[str] | None:
        return store.callers(self._conn, owner_id)

    def agent_exists(self, agent_id: str) -> bool:
        return store.agent_exists(self._conn, agent_id)

    def task_exists(self, task_id: str) -> bool:
        return task_id != self._updating and store.task_record(self._conn, task_id) is not None


def load_world(conn: sqlite3.Connection, fixtures_dir: Path) -> None:
    """Check and insert `fixtures_dir` (tenants.yaml + tasks.yaml or tasks.jsonl) in the caller's transaction."""
    tenants = read_tenants(fixtures_dir)
    path = tasks_file(fixtures_dir)  # before any insert: a missing task file must not half-load the world
    conn.executemany("INSERT INTO beeos_owners VALUES (?, ?)", [(t.owner_id, t.name) for t in tenants])
    conn.executemany(
        "INSERT INTO beeos_credentials VALUES (?, ?, ?, ?)",
        [
            (c.token, c.key_id, t.owner_id, None if c.expires_at is None else timestamp_us(c.expires_at))
            for t in tenants
            for c in t.credentials
        ],
    )
    agents = [(a, t.owner_id) for t in tenants for a in t.agents]
    conn.executemany("INSERT INTO beeos_agents VALUES (?, ?, ?, ?)", [(a.agent_id, o, a.name, int(a.archived)) for a, o in agents])
    conn.executemany("INSERT INTO beeos_agent_shares VALUES (?, ?)", [(s, a.agent_id) for a, _ in agents for s in a.shared_with])
    store.insert_tasks(conn, _checked_rows(path, FixtureView(tenants)))


def _checked_rows(path: Path, view: FixtureView) -> Iterator[TaskRow]:
    for item in task_items(path, view.head, skip_blank=True, block=block_records):
        row = None if item.head is None else view.quick_row(item.head, item.task, item.text)
        yield row or view.accept(check_record(record_of(path, item), view, file=str(path), label=str(item.number)))
