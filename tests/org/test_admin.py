"""Admin edits (create, patch, delete): checked like fixture records and visible to the next list."""

from __future__ import annotations

import pytest

from agent_tasks.specs import record_errors
from mock.core.errors import InvalidRequest, NotFound
from mock.org import PLUGIN
from mock.org.rules import SPEC_PATH

from .conftest import list_tasks, principal


def _dependents(conn, org, task_id):
    return list_tasks(conn, principal(org), organisation=org, depends_on=task_id)["taskIds"]


def test_create_fills_generated_fields_and_is_schema_valid(world):
    task = PLUGIN.create_task(world, {"tenant": "quant", "task": {"title": "Ship it"}})
    assert record_errors(SPEC_PATH, "Task", task) == []
    assert (task["orgId"], task["status"], task["progress"], task["blockedByTaskIds"], task["dependsOn"]) == ("quant", "pending", 0, None, [])
    assert task["updatedAt"] == task["createdAt"]


def test_create_takes_the_organisation_from_the_task_and_indexes_its_dependencies(world, records):
    blocker = next(r["task"]["taskId"] for r in records if r["tenant"] == "initech")
    task = PLUGIN.create_task(world, {"task": {"orgId": "initech", "dependsOn": [blocker], "createdAt": 1}})
    assert _dependents(world, "initech", blocker)[-1] == task["taskId"]  # createdAt=1: the oldest


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"tenant": "acme", "task": {}}, "unknown organisation"),
        ({"tenant": "quant", "task": {"status": "done"}}, "task.status"),
        ({"tenant": "quant", "task": {"dependsOn": ["00000000-0000-4000-8000-000000000000"]}}, "not a task of organisation"),
        ({"tenant": "quant", "task": {"colour": "red"}}, "unknown key 'colour'"),
        ({"tenant": "quant", "task": {"assignedAgentId": "agent-tps"}}, "not an agent of organisation 'quant'"),
        ({"tenant": "quant"}, "task a JSON object"),
    ],
)
def test_create_rejects_what_a_fixture_could_not_hold(world, record, message):
    with pytest.raises(InvalidRequest, match=message):
        PLUGIN.create_task(world, record)


def test_create_rejects_an_existing_task_id(world, records):
    with pytest.raises(InvalidRequest, match="duplicate taskId"):
        PLUGIN.create_task(world, {"tenant": "quant", "task": {"taskId": records[0]["task"]["taskId"]}})


def test_update_merges_moves_the_task_in_every_index_and_stamps_updated_at(world, records):
    old = records[1]["task"]
    assert old["dependsOn"]
    new = PLUGIN.update_task(world, old["taskId"], {"status": "completed", "progress": 1, "blockedByTaskIds": None, "dependsOn": []})
    assert new == {**old, "status": "completed", "progress": 1, "blockedByTaskIds": None, "dependsOn": [], "updatedAt": new["updatedAt"]}
    assert new["updatedAt"] > old["updatedAt"]
    done = list_tasks(world, principal("quant"), organisation="quant", status="completed", limit=100)["tasks"]
    assert new in done
    assert all(old["taskId"] not in _dependents(world, "quant", b) for b in old["dependsOn"])


@pytest.mark.parametrize(
    ("patch", "message"),
    [({"orgId": "northwind"}, "cannot change"), ({"taskId": "00000000-0000-4000-8000-000000000000"}, "cannot change"),
     ({"progress": -0.1}, "task.progress")],
)
def test_update_rejects_invalid_patches(world, records, patch, message):
    with pytest.raises(InvalidRequest, match=message):
        PLUGIN.update_task(world, records[5]["task"]["taskId"], patch)


def test_a_task_cannot_wait_for_itself(world, records):
    task_id = records[5]["task"]["taskId"]
    with pytest.raises(InvalidRequest, match="depend on itself"):
        PLUGIN.update_task(world, task_id, {"dependsOn": [task_id]})


def test_delete_refuses_a_task_others_depend_on_then_removes_a_leaf(world, records):
    hub = records[0]["task"]["taskId"]
    with pytest.raises(InvalidRequest, match="remove it from that task's dependsOn first"):
        PLUGIN.delete_task(world, hub)
    leaf = PLUGIN.create_task(world, {"tenant": "quant", "task": {"dependsOn": [hub]}})
    PLUGIN.delete_task(world, leaf["taskId"])
    assert leaf["taskId"] not in _dependents(world, "quant", hub)
    assert world.execute("SELECT count(*) FROM org_tasks WHERE task_id = ?", (leaf["taskId"],)).fetchone()[0] == 0


@pytest.mark.parametrize("edit", [lambda c: PLUGIN.update_task(c, "nope", {}), lambda c: PLUGIN.delete_task(c, "nope")])
def test_editing_an_unknown_task_is_not_found(world, edit):
    with pytest.raises(NotFound, match="no org task 'nope'"):
        edit(world)
