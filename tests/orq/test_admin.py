"""The admin edits: create with defaults, patch, delete; each checked like a fixture record."""

from __future__ import annotations

import re

import pytest

from mock.core.errors import InvalidRequest, NotFound
from mock.orq import admin, ulid
from mock.orq.queries import list_agent_tasks
from mock.orq.rules import millis
from tests.orq.conftest import principal

ACME = principal("acme")


def test_a_created_task_gets_an_id_times_and_defaults_and_is_listed_first(world):
    task = admin.create_task(world, {"tenant": "acme", "agent": "research-assistant", "task": {"name": "Fresh one"}})
    assert ulid.timestamp_ms(task["_id"]) == millis(task["created"]) and task["updated"] == task["created"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", task["created"])
    assert task["state"] == {"waiting_for_approval": False, "inactive": False, "iteration": 1,
                             "accumulated_execution_time": 0}
    assert "created_by_id" not in task and "memory" not in task, "optional fields are omitted, never null"
    assert task["agent_manifest_snapshot"]["key"] == "research-assistant" and task["name"] == "Fresh one"
    assert list_agent_tasks(world, ACME, agent_key="research-assistant", limit=1)["tasks"] == [task]


def test_a_partial_state_is_completed_and_decides_the_status(world):
    task = admin.create_task(world, {"tenant": "acme", "agent": "onboarding-guide", "task": {"state": {"error": "boom"}}})
    assert task["state"]["error"] == "boom" and task["state"]["inactive"] is False
    page = list_agent_tasks(world, ACME, agent_key="onboarding-guide", status="errored")
    assert page == {"tasks": [task], "overall_total": 1}


def test_a_back_dated_task_lands_in_the_middle(world):
    created = "2025-03-01T12:00:00.000Z"
    task = admin.create_task(world, {"tenant": "acme", "agent": "research-assistant", "task": {"created": created}})
    assert task["_id"] < list_agent_tasks(world, ACME, agent_key="research-assistant", limit=1)["tasks"][0]["_id"]
    newer = list_agent_tasks(world, ACME, agent_key="research-assistant", ending_before=task["_id"], limit=1)["tasks"]
    assert newer and newer[0]["created"] >= created


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"tenant": "acme", "agent": "code-reviewer"}, "no agent 'code-reviewer' in tenant 'acme'"),
        ({"tenant": "umbrella", "agent": "x"}, "no agent 'x' in tenant 'umbrella'"),
        ({"tenant": "acme", "agent": "translator", "task": []}, "body must be"),
        ({"tenant": ["acme"], "agent": "translator"}, "field 'tenant' must be a string, not ['acme']"),
        ({"tenant": "acme", "task": {}}, "field 'agent' is required"),
        ({"tenant": "acme", "agent": "onboarding-guide", "protocol": "openapi"}, "body must be"),
        ({"tenant": "acme", "agent": "onboarding-guide", "task": {"created": "yesterday"}}, "'task.created'"),
        ({"tenant": "acme", "agent": "onboarding-guide", "task": {"metrics": {"total_tokens": -1}}}, "'task.metrics.total_tokens'"),
        ({"tenant": "acme", "agent": "onboarding-guide", "task": {"workspace_id": "d4dd79d3-b583-4f4c-acb7-36d877f1caf0"}},
         "'task.workspace_id'"),
    ],
)
def test_a_bad_record_is_an_invalid_request_naming_the_field(world, record, message):
    with pytest.raises(InvalidRequest, match=re.escape(message)):
        admin.create_task(world, record)


def test_a_duplicate_id_is_refused(world):
    first = list_agent_tasks(world, ACME, agent_key="research-assistant", limit=1)["tasks"][0]
    copy = {"_id": first["_id"], "created": first["created"]}
    with pytest.raises(InvalidRequest, match="duplicate _id"):
        admin.create_task(world, {"tenant": "acme", "agent": "research-assistant", "task": copy})


def test_a_patch_closes_a_task_moves_it_between_statuses_and_bumps_updated(world):
    task = list_agent_tasks(world, ACME, agent_key="research-assistant", status="in_progress", limit=1)["tasks"][0]
    closed_state = {**task["state"], "inactive": True}
    patched = admin.update_task(world, task["_id"], {"state": closed_state})
    assert patched["state"] == closed_state and patched["updated"] > task["updated"]
    assert patched["name"] == task["name"]
    inactive = list_agent_tasks(world, ACME, agent_key="research-assistant", status="inactive", limit=200)["tasks"]
    assert patched in inactive


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"_id": "01JJ1HDHN79XAS7A01WB3HYSDB"}, "'_id' cannot change"),
        ({"state": {"iteration": 0}}, "'task.state.iteration'"),
        ({"created_by_id": 42}, "'task.created_by_id'"),
        ({"updated": "2020-01-01T00:00:00.000Z"}, "'task.updated'"),
        ({"colour": "blue"}, "'task': Additional properties are not allowed ('colour' was unexpected)"),
        ({"memory": {}}, "'task.memory'"),
    ],
)
def test_a_bad_patch_is_refused_and_changes_nothing(world, patch, message):
    task = list_agent_tasks(world, ACME, agent_key="research-assistant", limit=1)["tasks"][0]
    with pytest.raises(InvalidRequest, match=re.escape(message)):
        admin.update_task(world, task["_id"], patch)
    assert list_agent_tasks(world, ACME, agent_key="research-assistant", limit=1)["tasks"][0] == task


def test_null_in_a_patch_removes_an_optional_field(world):
    task = next(t for t in list_agent_tasks(world, ACME, agent_key="research-assistant", limit=50)["tasks"] if "memory" in t)
    patched = admin.update_task(world, task["_id"], {"memory": None})
    assert "memory" not in patched
    assert next(t for t in list_agent_tasks(world, ACME, agent_key="research-assistant", limit=50)["tasks"] if t["_id"] == task["_id"]) == patched


def test_delete_removes_a_task_and_a_second_delete_is_not_found(world):
    task = list_agent_tasks(world, ACME, agent_key="invoice-processor", limit=1)
    admin.delete_task(world, task["tasks"][0]["_id"])
    after = list_agent_tasks(world, ACME, agent_key="invoice-processor", limit=1)
    assert after["overall_total"] == task["overall_total"] - 1
    with pytest.raises(NotFound):
        admin.delete_task(world, task["tasks"][0]["_id"])
    with pytest.raises(NotFound):
        admin.update_task(world, task["tasks"][0]["_id"], {"name": "x"})
