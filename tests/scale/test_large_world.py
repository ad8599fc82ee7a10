"""A 20,000-task BeeOS jsonl world: the mock's start-up path loads it whole and names a broken record deep inside."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mock.beeos import PLUGIN
from mock.beeos.auth import Caller
from mock.beeos.generate import generate
from mock.beeos.queries import page_query
from mock.beeos.store import timestamp_us
from mock.core.errors import FixtureError
from mock.core.store import Store

TASKS = 20_000
DEEP = 19_500  # a line number near the end: every record before it was checked and inserted
OWNER = "usr_demo_bob"


@pytest.fixture(scope="module")
def world_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("large")
    generate(root / "beeos", tasks=TASKS, seed=11, format="jsonl")
    return root


@pytest.fixture(scope="module")
def lines(world_dir) -> list[str]:
    return (world_dir / "beeos" / "tasks.jsonl").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def store(world_dir, tmp_path_factory) -> Store:
    return Store.build(world_dir, ("beeos",), tmp_path_factory.mktemp("db") / "world.sqlite")


def _walk(store: Store, owner: str) -> list[dict]:
    list_tasks = PLUGIN.operations["listUserTasks"]
    principal, tasks, since = Caller("beeos", owner, cursor_secret="scale-test"), [], None
    while True:
        page = list_tasks(store.connection(), principal, state="all", since=since, limit=100)["data"]
        tasks += page["tasks"]
        if (since := page["next_since"]) == "":
            return tasks


def test_every_record_is_stored_and_pages_match_the_file(store, lines):
    records = [json.loads(line) for line in lines]
    assert store.connection().execute("SELECT count(*) FROM beeos_tasks").fetchone()[0] == len(records) == TASKS
    own = [r["task"] for r in records if r["tenant"] == OWNER and r.get("protocol", "openapi") == "openapi"]
    expected = sorted(own, key=lambda t: (timestamp_us(t["created_at"]), t["task_id"]), reverse=True)
    assert _walk(store, OWNER) == expected


def test_pages_still_walk_an_index_after_the_bulk_load(store):
    sql, args = page_query(agent_id=None, state="open", after=None, limit=50)
    plan = " | ".join(row[3] for row in store.connection().execute(f"EXPLAIN QUERY PLAN {sql}", [OWNER, *args]))
    assert "USING INDEX beeos_tasks_" in plan and "SCAN" not in plan and "TEMP B-TREE" not in plan, plan


def _broken_copy(world_dir: Path, tmp_path: Path, lines: list[str], line: str) -> Path:
    target = tmp_path / "broken"
    shutil.copytree(world_dir, target)
    edited = [*lines[: DEEP - 1], line, *lines[DEEP:]]
    (target / "beeos" / "tasks.jsonl").write_text("\n".join(edited) + "\n", encoding="utf-8")
    return target


def _with_task(line: str, **changes) -> str:
    record = json.loads(line)
    record["task"].update(changes)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda line, lines: _with_task(line, agent_id="agt_nowhere"), "task.agent_id"),
        (lambda line, lines: _with_task(line, deadline_at="2000-01-01T00:00:00Z"), "task.deadline_at"),
        (lambda line, lines: _with_task(line, task_id=json.loads(lines[9])["task"]["task_id"]), "task.task_id"),
        (lambda line, lines: _with_task(line, metadata=[]), "task.metadata"),
    ],
    ids=["dangling agent", "deadline before created", "duplicate id", "metadata not an object"],
)
def test_a_broken_record_deep_in_the_file_is_named_by_line(world_dir, lines, tmp_path, change, field):
    line = change(lines[DEEP - 1], lines)
    broken = _broken_copy(world_dir, tmp_path, lines, line)
    with pytest.raises(FixtureError) as caught:
        Store.build(broken, ("beeos",), tmp_path / "world.sqlite")
    task_id = json.loads(line)["task"]["task_id"]
    assert caught.value.file.endswith("tasks.jsonl") and caught.value.field == field
    assert caught.value.record == f"{DEEP} (task_id={task_id})"


def test_a_line_that_is_not_json_deep_in_the_file_is_named_by_line(world_dir, lines, tmp_path):
    broken = _broken_copy(world_dir, tmp_path, lines, lines[DEEP - 1][:-5])
    with pytest.raises(FixtureError) as caught:
        Store.build(broken, ("beeos",), tmp_path / "world.sqlite")
    assert (caught.value.record, caught.value.field) == (str(DEEP), "<root>")


def test_a_failed_reload_keeps_the_world_and_its_indexes(store, world_dir, lines, tmp_path):
    before = store.connection().execute("SELECT name FROM sqlite_master WHERE type='index' ORDER BY name").fetchall()
    broken = _broken_copy(world_dir, tmp_path, lines, _with_task(lines[DEEP - 1], caller_id="usr_nobody"))
    with pytest.raises(FixtureError, match=f"record {DEEP} "):
        store.load(broken)
    conn = store.connection()
    assert conn.execute("SELECT name FROM sqlite_master WHERE type='index' ORDER BY name").fetchall() == before
    assert conn.execute("SELECT count(*) FROM beeos_tasks").fetchone()[0] == TASKS
