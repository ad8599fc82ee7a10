"""orq over HTTP as the official SDKs call it: `limit=10.0`, one status or a list, `{message}` errors, no nulls."""

from __future__ import annotations

import pytest

from mock.core.options import Options
from mock.http.app import create_app
from tests.orq.conftest import FIXTURES

URL = "/v2/agents/research-assistant/tasks"
ACME = {"Authorization": "Bearer orq-demo-key-acme"}
NULLABLE = {"model.integration_id", "model.fallback_models"}


@pytest.fixture(scope="module")
def client():
    # Response validation on: an answer off the spec would be a 500.
    app = create_app(Options(fixtures_dir=FIXTURES.parent, apis=("orq",), validate_responses=True))
    with app.test_client() as c:
        yield c


def get(client, query: str = "", headers=ACME):
    return client.get(f"{URL}?{query}" if query else URL, headers=headers)


def test_limit_as_the_python_sdk_sends_it_is_the_same_page(client):
    assert get(client, "limit=10.0").json() == get(client, "limit=10").json() == get(client).json()
    assert len(get(client).json()["tasks"]) == 10


def test_a_fractional_limit_is_rounded_down(client):
    assert get(client, "limit=2.5").json()["tasks"] == get(client, "limit=2").json()["tasks"]
    assert len(get(client, "limit=1.99").json()["tasks"]) == 1


@pytest.mark.parametrize(("query", "message"), [
    ("limit=nan", "query parameter 'limit': 'nan' is not a number written in ASCII digits with an optional '.' and decimals"),
    ("limit=0.5", "query parameter 'limit': 0.5 is less than the minimum of 1"),
    ("limit=200.5", "query parameter 'limit': 200.5 is greater than the maximum of 200"),
    ("status=errored,done", "query parameter 'status': 'errored,done' is not one of inactive, approval_required, "
                            "in_progress, errored, nor a comma-separated list of two or more of them"),
    ("starting_after=01K7Y978VET0N69MN3311RH4WA&ending_before=01K7Y978VET0N69MN3311RH4WA",
     "starting_after and ending_before are mutually exclusive: pass at most one"),
])
def test_a_bad_parameter_is_a_400_with_the_published_error_body(client, query, message):
    response = get(client, query)
    assert (response.status_code, response.json()) == (400, {"message": message})


def test_a_missing_agent_is_a_404_and_bad_credentials_a_401_in_the_same_body(client):
    missing = client.get("/v2/agents/no-such-agent/tasks", headers=ACME)
    assert (missing.status_code, missing.json()) == (404, {"message": "No agent tasks found: there is no agent 'no-such-agent' in this workspace"})
    expired = get(client, headers={"Authorization": "Bearer orq-demo-key-acme-expired"})
    assert (expired.status_code, expired.json()) == (401, {"message": "the API key has expired"})


def test_one_status_and_a_comma_list_is_the_union(client):
    every = {s: {t["_id"] for t in get(client, f"status={s}&limit=200").json()["tasks"]}
             for s in ("inactive", "approval_required", "in_progress", "errored")}
    both = get(client, "status=errored,approval_required&limit=200").json()
    assert {t["_id"] for t in both["tasks"]} == every["errored"] | every["approval_required"]
    assert both["overall_total"] == len(both["tasks"])


def test_an_empty_cursor_is_no_cursor_and_any_string_is_a_position(client):
    first = get(client, "limit=3").json()
    assert get(client, "limit=3&starting_after=").json() == first
    # Lower-case letters sort after every ULID character: the position is before the newest task.
    assert get(client, "limit=3&starting_after=task-42").json() == first
    assert get(client, "limit=3&ending_before=task-42").json()["tasks"] == []


def test_no_null_but_in_the_two_nullable_fields(client):
    nulls = set()

    def walk(node, path):
        if node is None:
            nulls.add(path)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for value in node:
                walk(value, path)

    for agent in ("research-assistant", "customer-support", "invoice-processor"):
        for task in client.get(f"/v2/agents/{agent}/tasks?limit=200", headers=ACME).json()["tasks"]:
            walk(task["agent_manifest_snapshot"], "")
            walk({k: v for k, v in task.items() if k != "agent_manifest_snapshot"}, "task")
    assert nulls and nulls <= NULLABLE
