"""The default world covers what the contract tests need, and broken worlds fail naming file, record and field."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from mock.core.errors import FixtureError
from mock.orq import ulid
from mock.orq.generate import generate
from mock.orq.rules import STATUSES, derive_status, millis
from tests.orq.conftest import FIXTURES, load


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return yaml.load((FIXTURES / "tasks.yaml").read_text(), Loader=yaml.CSafeLoader)["tasks"]


@pytest.fixture(scope="module")
def tenants() -> list[dict]:
    return yaml.safe_load((FIXTURES / "tenants.yaml").read_text())["tenants"]


def test_every_record_is_loaded(default_world, records):
    assert default_world.execute("SELECT COUNT(*) FROM orq_tasks").fetchone()[0] == len(records)


def test_each_workspace_has_several_pages_of_tasks_over_several_agents_in_every_status(records, tenants):
    assert len(tenants) >= 3
    by_tenant = defaultdict(list)
    for record in records:
        by_tenant[record["tenant"]].append(record)
    for tenant in tenants:
        mine = by_tenant[tenant["id"]]
        assert len(mine) >= 150
        assert len({r["agent"] for r in mine}) >= 2
        assert {derive_status(r["task"]["state"]) for r in mine} == set(STATUSES)


def test_ids_are_ulids_that_sort_like_creation_times(records):
    for tenant in {r["tenant"] for r in records}:
        tasks = [r["task"] for r in records if r["tenant"] == tenant]
        assert all(ulid.timestamp_ms(t["_id"]) == millis(t["created"]) for t in tasks)
        assert sorted(tasks, key=lambda t: t["_id"]) == sorted(tasks, key=lambda t: t["created"])


def test_optional_fields_appear_both_ways_and_only_nullable_ones_are_ever_null(records):
    tasks = [r["task"] for r in records]
    for path in ("created_by_id", "updated_by_id", "memory", "state.error", "agent_manifest_snapshot.system_prompt",
                 "agent_manifest_snapshot.model.max_tokens", "agent_manifest_snapshot.model.temperature"):
        present = [_has(t, path) for t in tasks]
        assert any(present) and not all(present), f"{path}: present in some tasks, omitted in others"
    for path in ("agent_manifest_snapshot.model.integration_id", "agent_manifest_snapshot.model.fallback_models"):
        values = [_get(t, path) for t in tasks]
        assert None in values and any(v is not None for v in values), f"{path}: nullable, null and not null"
    nulls = {path for t in tasks for path in _null_paths(t)}
    assert nulls == {"agent_manifest_snapshot.model.integration_id", "agent_manifest_snapshot.model.fallback_models"}
    tools = [tool for t in tasks for tool in t["agent_manifest_snapshot"]["settings"]["tools"]]
    assert all(ulid.PATTERN.match(tool["id"]) and tool["action_type"] for tool in tools), "tools as published"
    for key in ("key", "display_name", "conditions", "timeout", "mcpServer"):
        assert any(key in tool for tool in tools) and not all(key in tool for tool in tools), key
    assert all(t["state"]["iteration"] >= 1 for t in tasks), "iteration counts from 1 (exclusiveMinimum 0)"
    states = [t["state"] for t in tasks]
    assert any(s.get("error") == "" for s in states), "an empty error (which is no error)"
    assert any(s.get("error") and s["waiting_for_approval"] for s in states), "errored beats approval_required"
    assert any(s["waiting_for_approval"] and s["inactive"] and not s.get("error") for s in states), "approval beats inactive"
    approvals = Counter(t["agent_manifest_snapshot"]["settings"]["tool_approval_required"] for t in tasks)
    assert set(approvals) == {"respect_tool", "all", "none"}
    assert any(isinstance(v, dict) for t in tasks for v in t["metadata"].values()), "nested metadata"
    assert any(t["metadata"] == {} for t in tasks)


def _null_paths(node, prefix: str = ""):
    if node is None:
        yield prefix
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _null_paths(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(node, list):
        for value in node:
            yield from _null_paths(value, prefix)


def _has(task: dict, path: str) -> bool:
    *parents, last = path.split(".")
    for part in parents:
        task = task[part]
    return last in task


def test_the_world_has_an_idle_agent_a_shared_key_and_an_expired_credential(records, tenants):
    agents = {(t["id"], a["key"]) for t in tenants for a in t["agents"]}
    busy = {(r["tenant"], r["agent"]) for r in records}
    assert agents - busy, "an agent with no tasks (200 with an empty page, not 404)"
    keys = Counter(key for _, key in busy)
    assert any(n > 1 for n in keys.values()), "one agent key in two workspaces"
    assert any(c["expires_at"] and c["expires_at"] < "2026" for t in tenants for c in t["credentials"])


def _get(task: dict, path: str):
    for part in path.split("."):
        task = task[part]
    return task


# --- broken worlds -------------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path) -> Path:
    generate(tmp_path, tasks=24, seed=3, format="jsonl")
    return tmp_path


def _rewrite(world: Path, number: int, change) -> None:
    """Apply `change` to record `number` (1-based) of tasks.jsonl."""
    lines = (world / "tasks.jsonl").read_text().splitlines()
    record = json.loads(lines[number - 1])
    change(record)
    lines[number - 1] = json.dumps(record)
    (world / "tasks.jsonl").write_text("\n".join(lines) + "\n")


def _first(world: Path) -> dict:
    return json.loads((world / "tasks.jsonl").read_text().splitlines()[0])


BROKEN_TASKS = {
    "negative iteration": (lambda r: r["task"]["state"].update(iteration=-1), "task.state.iteration"),
    "missing metrics": (lambda r: r["task"].pop("metrics"), "task"),
    "unknown status field": (lambda r: r["task"]["state"].update(status="done"), "task.state"),
    "bad tool approval": (lambda r: r["task"]["agent_manifest_snapshot"]["settings"].update(tool_approval_required="sometimes"),
                          "task.agent_manifest_snapshot.settings.tool_approval_required"),
    "unknown tenant": (lambda r: r.update(tenant="umbrella"), "tenant"),
    "dangling agent": (lambda r: r.update(agent="ghost"), "agent"),
    "other workspace": (lambda r: r["task"].update(workspace_id="d4dd79d3-b583-4f4c-acb7-36d877f1caf0"), "task.workspace_id"),
    "snapshot of another agent": (lambda r: r["task"]["agent_manifest_snapshot"].update(key="translator"),
                                  "task.agent_manifest_snapshot.key"),
    "id time is not created": (lambda r: r["task"].update(created="2025-02-01T00:00:00.000Z"), "task._id"),
    "id beyond 128 bits": (lambda r: r["task"].update(_id="8" + r["task"]["_id"][1:]), "task._id"),
    "updated before created": (lambda r: r["task"].update(updated="2024-01-01T00:00:00.000Z"), "task.updated"),
    "extra record key": (lambda r: r.update(protocol="openapi"), "protocol"),
    "null in an optional field": (lambda r: r["task"].update(created_by_id=None), "task.created_by_id"),
    "memory without entity_id": (lambda r: r["task"].update(memory={}), "task.memory"),
    "misspelt task field": (lambda r: r["task"].update(creatd="2025-01-01T00:00:00.000Z"), "task"),
}


@pytest.mark.parametrize("case", BROKEN_TASKS, ids=list(BROKEN_TASKS))
def test_a_broken_task_record_names_file_record_and_field(small, case):
    change, field = BROKEN_TASKS[case]
    _rewrite(small, 5, change)
    task_id = json.loads((small / "tasks.jsonl").read_text().splitlines()[4])["task"].get("_id")
    with pytest.raises(FixtureError) as broken:
        load(small)
    assert (broken.value.file, broken.value.record, broken.value.field) == (str(small / "tasks.jsonl"), f"5 (_id={task_id})", field)
    assert f"tasks.jsonl: record 5 (_id={task_id}): field '{field}'" in str(broken.value)


def test_a_duplicate_id_is_refused(small):
    _rewrite(small, 7, lambda r: r["task"].update(_id=_first(small)["task"]["_id"], created=_first(small)["task"]["created"]))
    with pytest.raises(FixtureError, match=r"record 7 .*'task._id': duplicate _id"):
        load(small)


def test_a_line_that_is_not_json_is_refused_by_number(small):
    (small / "tasks.jsonl").write_text((small / "tasks.jsonl").read_text() + "{not json\n")
    with pytest.raises(FixtureError, match="record 25: field '<root>': not a JSON record"):
        load(small)


def test_exactly_one_task_file_is_allowed(small):
    (small / "tasks.yaml").write_text("tasks: []\n")
    with pytest.raises(FixtureError, match="exactly one of tasks.yaml, tasks.jsonl"):
        load(small)


def _edit_tenants(world: Path, change) -> None:
    data = yaml.safe_load((world / "tenants.yaml").read_text())
    change(data["tenants"])
    (world / "tenants.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


BROKEN_TENANTS = {
    "duplicate tenant": (lambda ts: ts[2].update(id="acme"), "3 (id=acme)", "id"),
    "duplicate token": (lambda ts: ts[1]["credentials"][0].update(token="orq-demo-key-acme"), "2 (id=globex)", "credentials.0.token"),
    "duplicate agent key": (lambda ts: ts[0]["agents"][1].update(key="research-assistant"), "1 (id=acme)", "agents.1.key"),
    "bad manifest": (lambda ts: ts[2]["agents"][0]["model"].update(temperature=3), "3 (id=initech)", "agents.0.model.temperature"),
    "not a uuid": (lambda ts: ts[0].update(workspace_id="acme-ws"), "1 (id=acme)", "workspace_id"),
    "note not a string": (lambda ts: ts[1]["credentials"][0].update(note=["x"]), "2 (id=globex)", "credentials.0.note"),
    "expiry not a string": (lambda ts: ts[0]["credentials"][1].update(expires_at=20250630), "1 (id=acme)", "credentials.1.expires_at"),
}


@pytest.mark.parametrize("case", BROKEN_TENANTS, ids=list(BROKEN_TENANTS))
def test_a_broken_tenant_names_it_and_the_field(small, case):
    change, label, field = BROKEN_TENANTS[case]
    _edit_tenants(small, change)
    with pytest.raises(FixtureError) as broken:
        load(small)
    assert (broken.value.file, broken.value.record, broken.value.field) == (str(small / "tenants.yaml"), label, field)


def test_a_yaml_syntax_error_is_a_fixture_error(small):
    (small / "tenants.yaml").write_text("tenants: [\n")
    with pytest.raises(FixtureError, match="tenants.yaml: record -: field '-': not valid YAML"):
        load(small)


def test_an_unquoted_yaml_timestamp_is_refused_with_advice(small):
    text = (small / "tenants.yaml").read_text().replace("'2025-06-30T00:00:00.000Z'", "2025-06-30T00:00:00Z")
    (small / "tenants.yaml").write_text(text)
    with pytest.raises(FixtureError, match="quote it"):
        load(small)

