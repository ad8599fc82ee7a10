"""Load a BeeOS fixtures dir into the store: tenants first, then every task record, checked as it streams in."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

from mock.beeos import store
from mock.beeos.fixtures import check_record, iter_records, task_file
from mock.beeos.store import TaskRow, timestamp_us
from mock.beeos.tenants import Tenant, read_tenants


class FixtureView:
    """The world rules while loading: tenants and agents from tenants.yaml, task ids seen so far."""

    def __init__(self, tenants: list[Tenant]) -> None:
        self._callers = {t.owner_id: frozenset([t.owner_id, *(c.key_id for c in t.credentials)]) for t in tenants}
        self._agents = {a.agent_id for t in tenants for a in t.agents}
        self._tasks: set[str] = set()

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
    path = task_file(fixtures_dir)  # before any insert: a missing task file must not half-load the world
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
    for n, record in iter_records(path):
        yield view.accept(check_record(record, view, file=str(path), label=str(n)))
