"""org test set-up: the default world loaded once, cheap private copies, and the ground-truth records."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from agent_tasks.apis import get_api
from mock.core.plugin import Principal
from mock.org import PLUGIN
from tests import worlds

FIXTURES = get_api("org").fixtures_dir
SPEC = get_api("org").spec_path
ORGS = ("quant", "northwind", "initech")
list_tasks = PLUGIN.operations["listTasks"]


def empty_db() -> sqlite3.Connection:
    return worlds.empty_db(PLUGIN)


def load(fixtures_dir: Path) -> sqlite3.Connection:
    return worlds.load(PLUGIN, fixtures_dir)


def principal(org: str) -> Principal:
    return Principal("org", org)


def expected(records: list[dict], org: str, *, depends_on=None, limit=50, **filters) -> list[dict]:
    """What a list must return, computed from the records without SQL: newest first, ties by taskId."""
    wire = {"task_list_id": "taskListId", "status": "status", "assigned_agent_id": "assignedAgentId"}
    tasks = [
        r["task"]
        for r in records
        if r["tenant"] == org
        and all(r["task"][wire[k]] == v for k, v in filters.items() if v is not None)
        and (depends_on is None or depends_on.lower() in r["task"]["dependsOn"])
    ]
    return sorted(tasks, key=lambda t: (t["createdAt"], t["taskId"]), reverse=True)[:limit]


@pytest.fixture(scope="session")
def default_world() -> sqlite3.Connection:
    """The built-in fixtures, loaded once; tests that write use the `world` copy instead."""
    return load(FIXTURES)


@pytest.fixture
def world(default_world) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    default_world.backup(conn)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.fixture(scope="session")
def records() -> list[dict]:
    """The default world's task records, as the fixture file has them (the tests' ground truth)."""
    return yaml.load((FIXTURES / "tasks.yaml").read_text(), Loader=yaml.CSafeLoader)["tasks"]


@pytest.fixture
def fixtures_copy(tmp_path) -> Path:
    """A private copy of the default fixtures dir, to break on purpose."""
    return Path(shutil.copytree(FIXTURES, tmp_path / "org"))
