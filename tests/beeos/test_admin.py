"""Admin operations: create with defaults, close via update, delete; all checked like fixture records."""

from __future__ import annotations

import pytest

from mock.beeos import PLUGIN
from mock.core.errors import InvalidRequest, NotFound
from tests.beeos.conftest import ALICE, caller, walk


def test_create_fills_generated_fields_and_lists_the_task_first(world):
    task = PLUGIN.create_task(world, {"tenant": ALICE, "task": {"agent_id": "agt_demo_alice_idle"}})
    assert task["task_id"].startswith("tsk_") and task["caller_id"] == ALICE and task["metadata"] == {}
    assert task["state"] == "active" and task["deadline_at"] > task["created_at"]
    assert list(task) == ["task_id", "agent_id", "caller_id", "state", "metadata", "created_at", "deadline_at"]
    assert PLUGIN.operations["listUserTasks"](world, caller(ALICE), limit=1)["data"]["tasks"] == [task]
    assert walk(world, caller(ALICE), "listAgentTasks", agent_id="agt_demo_alice_idle") == [task]


def test_created_conversation_never_appears(world):
    PLUGIN.create_task(world, {"tenant": ALICE, "protocol": "conversation", "task": {"task_id": "cnv_new", "agent_id": "agt_demo_alice_idle"}})
    assert walk(world, caller(ALICE), "listAgentTasks", agent_id="agt_demo_alice_idle", state="all") == []


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"tenant": ALICE, "task": {}}, "'task'"),
        ({"tenant": "usr_nobody", "task": {"agent_id": "agt_demo_alice_idle"}}, "'tenant'"),
        ({"tenant": ALICE, "task": {"agent_id": "agt_nowhere"}}, "'task.agent_id'"),
        ({"tenant": ALICE, "task": {"agent_id": "agt_demo_alice_idle", "created_at": "now"}}, "'task.created_at'"),
        ({"tenant": ALICE, "task": {"agent_id": "agt_demo_alice_idle", "close_reason": "completed"}}, "'task.closed_at'"),
        ({"tenant": ALICE, "task": {"agent_id": "agt_demo_alice_idle", "state": "open"}}, "'task.state'"),
        ({"tenant": ALICE, "task": {"agent_id": "agt_demo_alice_idle", "metadata": {"n": 1}}}, "'task.metadata.n'"),
        ({"tenant": ALICE, "instance_id": "", "task": {"agent_id": "agt_demo_alice_idle"}}, "'instance_id'"),
    ],
)
def test_create_rejects_what_a_fixture_would_with_the_field(world, record, field):
    with pytest.raises(InvalidRequest, match=f"field {field}"):
        PLUGIN.create_task(world, record)


def test_create_rejects_a_taken_id(world):
    taken = walk(world, caller(ALICE), limit=1)[0]["task_id"]
    with pytest.raises(InvalidRequest, match="not unique"):
        PLUGIN.create_task(world, {"tenant": ALICE, "task": {"task_id": taken, "agent_id": "agt_demo_alice_idle"}})


def test_update_closes_a_task_and_null_reopens_it(world):
    task = PLUGIN.operations["listUserTasks"](world, caller(ALICE), state="open", limit=1)["data"]["tasks"][0]
    closed = PLUGIN.update_task(world, task["task_id"], {"closed_at": task["deadline_at"], "close_reason": "completed"})
    assert closed == {**task, "state": "closed", "close_reason": "completed", "closed_at": task["deadline_at"]}
    assert list(closed) == ["task_id", "agent_id", "caller_id", "state", "close_reason", "metadata", "created_at", "closed_at", "deadline_at"]
    assert task["task_id"] not in {t["task_id"] for t in walk(world, caller(ALICE), state="open")}
    assert closed in walk(world, caller(ALICE), state="closed")
    reopened = PLUGIN.update_task(world, task["task_id"], {"state": "active", "closed_at": None, "close_reason": None})
    assert reopened == task and task in walk(world, caller(ALICE), state="open")


def test_update_keeps_the_instance(world, records):
    record = next(r for r in records if r.get("instance_id") == "ins_demo_alice_gpu" and r["task"]["state"] == "active")
    PLUGIN.update_task(world, record["task"]["task_id"], {"metadata": {"note": "moved"}})
    listed = walk(world, caller(ALICE), instance_id="ins_demo_alice_gpu")
    assert {"note": "moved"} in [t["metadata"] for t in listed]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"close_reason": "completed"}, "field 'task.closed_at'"),
        ({"state": "closed"}, "field 'task.close_reason'"),
        ({"metadata": {"n": 1}}, "field 'task.metadata.n'"),
        ({"task_id": "tsk_other"}, "field 'task_id': cannot change"),
        ({"metadata": []}, "field 'task.metadata'"),
        ([], "a patch is an object"),
    ],
)
def test_update_rejects_invalid_results(world, patch, message):
    task_id = walk(world, caller(ALICE), state="open", limit=1)[0]["task_id"]
    with pytest.raises(InvalidRequest, match=message):
        PLUGIN.update_task(world, task_id, patch)


def test_update_and_delete_of_unknown_task_are_not_found(world):
    with pytest.raises(NotFound):
        PLUGIN.update_task(world, "tsk_nowhere", {})
    with pytest.raises(NotFound):
        PLUGIN.delete_task(world, "tsk_nowhere")


def test_delete_removes_the_task(world):
    task_id = walk(world, caller(ALICE), limit=1)[0]["task_id"]
    PLUGIN.delete_task(world, task_id)
    assert task_id not in {t["task_id"] for t in walk(world, caller(ALICE), state="all")}
