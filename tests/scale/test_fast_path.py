"""Each loader's fast path (taken by `{..., "task": {...}}` jsonl lines) and its full check agree on every record."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from mock.core.errors import FixtureError
from mock.core.registry import plugin
from tests.beeos.test_fixtures import TASK_BREAKS as BEEOS_BREAKS
from tests.orq.test_world import BROKEN_TASKS as ORQ_BREAKS

APIS = ("beeos", "orq", "org")


def _record(index: int, change):
    return lambda records: change(records[index])


def _task(**changes):
    return lambda record: record["task"].update(changes)


def _depending_on(blocker: str):
    def change(records):
        first = next(r for r in records if r["task"]["dependsOn"])
        first["task"]["dependsOn"] = [blocker]

    return change


# Each break edits a world's list of records; beeos's catalogue edits a tasks.yaml document.
BREAKS = {
    **{("beeos", name): lambda records, c=change: c({"tasks": records}) for name, (change, _) in BEEOS_BREAKS.items()},
    **{("orq", name): _record(4, change) for name, (change, _) in ORQ_BREAKS.items()},
    ("orq", "duplicate id"): lambda records: records[6]["task"].update(_id=records[5]["task"]["_id"]),
    ("org", "progress"): _record(4, _task(progress=1.5)),
    ("org", "other org"): _record(4, _task(orgId="northwind")),
    ("org", "upper-case id"): _record(4, lambda r: r["task"].update(taskId=r["task"]["taskId"].upper())),
    ("org", "unknown agent"): _record(4, _task(assignedAgentId="agent-ghost")),
    ("org", "updated before created"): _record(4, _task(updatedAt=0)),
    ("org", "unknown tenant"): _record(4, lambda r: r.update(tenant="acme")),
    ("org", "extra key"): _record(4, lambda r: r.update(owner="x")),
    ("org", "duplicate id"): lambda records: records[6]["task"].update(taskId=records[5]["task"]["taskId"]),
    ("org", "dangling dependency"): _depending_on("00000000-0000-4000-8000-000000000000"),
    ("org", "missing key"): _record(4, lambda r: r["task"].pop("dependsOn")),
}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fast-path")
    for api in APIS:
        plugin(api).generate(root / api, tasks=40, seed=3, format="jsonl")
    return {api: root / api for api in APIS}


def _outcome(api: str, world: Path, records: list[dict], layout) -> tuple:
    """What loading `records` written by `layout` gives: the stored rows (JSON decoded) or the error."""
    (world / "tasks.jsonl").write_text("".join(layout(r) + "\n" for r in records), encoding="utf-8")
    conn = sqlite3.connect(":memory:")
    conn.executescript(plugin(api).schema_sql)
    try:
        plugin(api).load_world(conn, world)
    except FixtureError as exc:
        return "refused", exc.record, exc.field, exc.problem
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    rows = {t: [tuple(map(_decoded, row)) for row in conn.execute(f"SELECT * FROM {t}")] for t in tables}
    return "loaded", {t: sorted(r, key=repr) for t, r in rows.items()}


def _decoded(cell):
    # Stored wire objects compare as JSON: the fast path keeps the file's text, the full check re-serialises.
    return json.loads(cell) if isinstance(cell, str) and cell.startswith("{") else cell


def _compact(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _task_first(record: dict) -> str:
    # "task" not last: the fast path never applies, the loader checks the whole record.
    return json.dumps({"task": record["task"], **record})


def _both(api, worlds, tmp_path, change) -> tuple[tuple, tuple]:
    world = tmp_path / api
    shutil.copytree(worlds[api], world)
    records = [json.loads(line) for line in (world / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    change(records)
    return _outcome(api, world, records, _compact), _outcome(api, world, records, _task_first)


@pytest.mark.parametrize("api", APIS)
def test_a_valid_world_loads_the_same_either_way(api, worlds, tmp_path):
    fast, full = _both(api, worlds, tmp_path, lambda records: None)
    assert fast[0] == "loaded" and fast == full


@pytest.mark.parametrize("api, name", list(BREAKS), ids=[f"{api}-{name}" for api, name in BREAKS])
def test_a_broken_record_is_refused_the_same_either_way(api, name, worlds, tmp_path):
    fast, full = _both(api, worlds, tmp_path, BREAKS[api, name])
    assert fast[0] == "refused" and fast == full
