"""BeeOS test set-up: the default world loaded once, cheap private copies of it, and callers of each owner."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent_tasks.apis import get_api
from mock.beeos import PLUGIN
from mock.beeos.auth import Caller
from tests import worlds
from tests.worlds import copy_of

FIXTURES = get_api("beeos").fixtures_dir
ALICE, BOB, CAROL = "usr_demo_alice", "usr_demo_bob", "usr_demo_carol"


@dataclass(frozen=True)
class Settings:
    # 64 bytes: PyJWT warns (an error under pytest) about HMAC keys shorter than the hash, HS512 included.
    jwt_secret: str = "beeos-test-jwt-secret-" + "x" * 42
    cursor_secret: str = "beeos-test-cursor-secret"


SETTINGS = Settings()


def empty_db() -> sqlite3.Connection:
    return worlds.empty_db(PLUGIN)


def load(fixtures_dir: Path) -> sqlite3.Connection:
    return worlds.load(PLUGIN, fixtures_dir)




def caller(owner: str, *, cursor_secret: str = SETTINGS.cursor_secret) -> Caller:
    return Caller("beeos", owner, cursor_secret=cursor_secret)


def walk(conn: sqlite3.Connection, principal: Caller, operation: str = "listUserTasks", **params) -> list[dict]:
    """Every task of a list, following next_since to the end."""
    tasks, since = [], None
    while True:
        page = PLUGIN.operations[operation](conn, principal, since=since, **params)["data"]
        tasks += page["tasks"]
        since = page["next_since"]
        if since == "":
            return tasks


@pytest.fixture(scope="session")
def default_world() -> sqlite3.Connection:
    """The built-in fixtures, loaded once; tests that write use the `world` copy instead."""
    return load(FIXTURES)


@pytest.fixture
def world(default_world) -> sqlite3.Connection:
    return copy_of(default_world)


@pytest.fixture(scope="session")
def records() -> list[dict]:
    """The default world's task records, as the fixture file has them (the tests' ground truth)."""
    from mock.beeos.fixtures import iter_records
    from mock.core.fixture_files import tasks_file

    return [record for _, record in iter_records(tasks_file(FIXTURES))]


def expected(records: list[dict], owner: str, *, agent: str | None = None, instance: str | None = None, state: str = "all") -> list[dict]:
    """What a list must return, computed from the records without SQL: newest first, ties by task_id."""
    from mock.beeos.store import timestamp_us

    wanted = {"active": ("active",), "open": ("active",), "closed": ("closed",), "all": ("active", "closed")}[state]
    tasks = [
        r["task"]
        for r in records
        if r["tenant"] == owner
        and r.get("protocol", "openapi") == "openapi"
        and (agent is None or r["task"]["agent_id"] == agent)
        and (instance is None or r.get("instance_id") == instance)
        and r["task"]["state"] in wanted
    ]
    return sorted(tasks, key=lambda t: (timestamp_us(t["created_at"]), t["task_id"]), reverse=True)
