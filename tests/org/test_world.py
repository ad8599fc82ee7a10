"""The org fixtures: what the default world covers, and how a broken one is reported."""

from __future__ import annotations

import copy
import json
from collections import Counter

import pytest
import yaml

from mock.core.errors import FixtureError
from mock.org.generate import STATUSES, generate

from .conftest import FIXTURES, ORGS, load


def _rewrite(path, change, data=None):
    """Let `change` edit a fixture file's data (read from `path` unless given) and write it back."""
    data = copy.deepcopy(data) if data is not None else yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    change(data)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False))


def test_the_committed_fixtures_are_the_generators_seed_0_output(tmp_path):
    generate(tmp_path, tasks=600, seed=0)
    for name in ("tenants.yaml", "tasks.yaml"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_the_default_world_covers_the_edge_cases(records):
    tasks = [r["task"] for r in records]
    per_org = Counter(r["tenant"] for r in records)
    assert set(per_org) == set(ORGS) and min(per_org.values()) >= 150
    assert {t["status"] for t in tasks} == set(STATUSES)
    for key in ("taskListId", "assignedAgentId", "blockedReason", "blockedByTaskIds"):
        assert {t[key] is None for t in tasks} == {True, False}, key
    assert {0, 1} <= {t["progress"] for t in tasks}
    assert any(t["taskListId"] is None and t["assignedAgentId"] is None for t in tasks)
    assert any(len(t["dependsOn"]) > 1 for t in tasks) and any(not t["dependsOn"] for t in tasks)
    # blockedByTaskIds annotates blocked tasks only; the lookup's graph is dependsOn, larger than it.
    assert all(t["status"] == "blocked" for t in tasks if t["blockedByTaskIds"] or t["blockedReason"])
    assert any(t["dependsOn"] and not t["blockedByTaskIds"] for t in tasks)
    blockers = {t["taskId"]: t["dependsOn"] for t in tasks}

    def depth(task_id):
        return 1 + max((depth(b) for b in blockers[task_id]), default=0)

    assert max(depth(t) for t in blockers) >= 4, "dependency chains of at least four tasks"


def test_agent_ids_and_task_lists_repeat_across_organisations(records):
    # The isolation tests rely on the same filter value meaning different tasks in each organisation.
    for key in ("assignedAgentId", "taskListId"):
        owners = Counter((r["task"][key], r["tenant"]) for r in records if r["task"][key] in ("agent-1", "world-1"))
        assert {org for _, org in owners} == set(ORGS), key


def test_a_jsonl_world_loads_like_the_yaml_one(tmp_path, default_world):
    generate(tmp_path, tasks=600, seed=0, format="jsonl")
    conn = load(tmp_path)
    query = "SELECT * FROM org_tasks ORDER BY task_id"
    assert [tuple(r) for r in conn.execute(query)] == [tuple(r) for r in default_world.execute(query)]
    deps = "SELECT * FROM org_task_deps ORDER BY task_id, blocker"
    assert [tuple(r) for r in conn.execute(deps)] == [tuple(r) for r in default_world.execute(deps)]


def _small(records):
    """A quick valid world: the first quant tasks and a few of northwind's (blockers are older tasks)."""
    return {"tasks": records[:40] + records[200:205]}


def _set(index, field, value):
    def change(data):
        data["tasks"][index]["task"][field] = value

    return change


def _first_dependent(data):
    return next(i for i, r in enumerate(data["tasks"]) if r["task"]["dependsOn"])


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (_set(16, "progress", 1.5), "task.progress", "maximum"),
        (_set(16, "status", "done"), "task.status", "done"),
        (_set(16, "createdAt", "2025-01-01"), "task.createdAt", "integer"),
        (_set(16, "priority", 3), "task", "priority"),
        (lambda data: data["tasks"][16]["task"].pop("dependsOn"), "task.dependsOn", "missing"),
        (lambda data: _set(16, "dependsOn", [data["tasks"][16]["task"]["taskId"]])(data), "task.dependsOn.0", "itself"),
        (_set(16, "orgId", "northwind"), "task.orgId", "tenant"),
        (_set(16, "taskId", "E3E70682-C209-4CAC-A29F-6FBED82C07CD"), "task.taskId", "lowercase"),
        (_set(16, "assignedAgentId", "agent-ghost"), "task.assignedAgentId", "not an agent"),
        (_set(16, "updatedAt", 0), "task.updatedAt", "before createdAt"),
        (_set(16, "dependsOn", None), "task.dependsOn", 'not of type "array"'),
        (lambda data: data["tasks"][16].update(tenant="acme"), "tenant", "unknown organisation"),
    ],
)
def test_a_broken_record_is_named_by_file_record_and_field(fixtures_copy, records, change, field, problem):
    task_id = records[16]["task"]["taskId"]
    _rewrite(fixtures_copy / "tasks.yaml", change, _small(records))
    with pytest.raises(FixtureError) as caught:
        load(fixtures_copy)
    error = caught.value
    assert error.file.endswith("tasks.yaml") and error.field == field and problem in error.problem
    assert error.record.startswith("17 (taskId=") and (task_id in error.record or field == "task.taskId")
    assert "tasks.yaml: record 17 (taskId=" in str(error)


def test_duplicate_task_ids_are_reported_on_the_second_record(fixtures_copy, records):
    def duplicate(data):
        data["tasks"][30]["task"]["taskId"] = data["tasks"][20]["task"]["taskId"]

    _rewrite(fixtures_copy / "tasks.yaml", duplicate, _small(records))
    with pytest.raises(FixtureError, match=r"record 31 \(taskId=.*'task.taskId': duplicate"):
        load(fixtures_copy)


@pytest.mark.parametrize(
    ("blocker", "problem"),
    [("00000000-0000-4000-8000-000000000000", "not a task of any organisation"), ("northwind", "another organisation")],
)
def test_dangling_and_cross_organisation_dependencies_are_rejected(fixtures_copy, records, blocker, problem):
    def point_elsewhere(data):
        other = next(r["task"]["taskId"] for r in data["tasks"] if r["tenant"] == "northwind")
        data["tasks"][_first_dependent(data)]["task"]["dependsOn"] = [other if blocker == "northwind" else blocker]

    _rewrite(fixtures_copy / "tasks.yaml", point_elsewhere, _small(records))
    with pytest.raises(FixtureError) as caught:
        load(fixtures_copy)
    assert caught.value.field == "task.dependsOn.0" and problem in caught.value.problem


@pytest.mark.parametrize(
    ("change", "record", "field"),
    [
        (lambda d: d["tenants"][1]["credentials"][0].update(token=d["tenants"][0]["credentials"][0]["token"]), "2 (id=northwind)", "credentials.0.token"),
        (lambda d: d["tenants"][0]["credentials"][1].update(expires_at="next tuesday"), "1 (id=quant)", "credentials.1.expires_at"),
        (lambda d: d["tenants"][2]["agents"].append({"id": "agent-1", "name": "Twin"}), "3 (id=initech)", "agents.4.id"),
        (lambda d: d["tenants"][2].update(secret="x"), "3 (id=initech)", "secret"),
    ],
)
def test_a_broken_tenant_is_named_by_record_and_field(fixtures_copy, change, record, field):
    _rewrite(fixtures_copy / "tenants.yaml", change)
    with pytest.raises(FixtureError) as caught:
        load(fixtures_copy)
    assert (caught.value.file.endswith("tenants.yaml"), caught.value.record, caught.value.field) == (True, record, field)


@pytest.mark.parametrize("change", [lambda d: (d / "tasks.jsonl").write_text(""), lambda d: (d / "tasks.yaml").unlink()])
def test_exactly_one_task_file_is_required(fixtures_copy, change):
    change(fixtures_copy)
    with pytest.raises(FixtureError, match="exactly one of tasks.yaml, tasks.jsonl"):
        load(fixtures_copy)


def test_a_missing_tenants_file_is_a_fixture_error(fixtures_copy):
    (fixtures_copy / "tenants.yaml").unlink()
    with pytest.raises(FixtureError, match="tenants.yaml: record -: field '-': file not found"):
        load(fixtures_copy)


def test_a_jsonl_line_that_is_not_json_is_named_by_line(fixtures_copy, records):
    (fixtures_copy / "tasks.yaml").unlink()
    (fixtures_copy / "tasks.jsonl").write_text(json.dumps(records[0]) + "\n{oops\n")
    with pytest.raises(FixtureError, match="tasks.jsonl: record 2: field '<root>': not a JSON record"):
        load(fixtures_copy)
