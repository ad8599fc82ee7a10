"""Every BeeOS error over HTTP is the published ErrorResponse with the published code, type and param."""

from __future__ import annotations

import pytest

from agent_tasks.apis import get_api
from agent_tasks.specs import schema_validator
from mock.core.options import Options
from mock.http.app import create_app

SPEC = get_api("beeos").spec_path
ALICE = {"Authorization": "Bearer oag_demo_alice_main_NOT_A_SECRET"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    options = Options(apis=("beeos",), db_path=tmp_path_factory.mktemp("beeos-http") / "world.sqlite", validate_responses=True)
    with create_app(options).test_client() as c:
        yield c


@pytest.mark.parametrize(
    ("method", "url", "headers", "status", "code", "param"),
    [
        ("GET", "/api/v1/tasks?limit=0", ALICE, 400, "invalid_param", "limit"),
        ("GET", "/api/v1/tasks?limit=ten", ALICE, 400, "invalid_param", "limit"),
        ("GET", "/api/v1/tasks?state=opened", ALICE, 400, "invalid_param", "state"),
        ("GET", "/api/v1/tasks?instance_id=" + "i" * 129, ALICE, 400, "invalid_param", "instance_id"),
        ("GET", "/api/v1/tasks?since=forged", ALICE, 400, "invalid_param", "since"),
        ("GET", "/api/v1/agents/agt_demo_alice_support/tasks?since=forged", ALICE, 400, "invalid_param", "since"),
        ("GET", "/api/v1/agents/agt_demo_alice_support/tasks?instance_id=x", ALICE, 400, "invalid_param", "instance_id"),
        ("GET", "/api/v1/tasks?stat=open", ALICE, 400, "invalid_param", "stat"),
        ("GET", "/api/v1/tasks", {}, 401, "missing_token", None),
        ("GET", "/api/v1/tasks", {"Authorization": "Basic eDp5"}, 401, "invalid_token", None),
        ("GET", "/api/v1/tasks", {"Authorization": "Bearer oag_demo_alice_expired_NOT_A_SECRET"}, 401, "invalid_token", None),
        ("GET", "/api/v1/agents/agt_demo_bob_private/tasks", ALICE, 404, "agent_not_found", None),
        ("GET", "/api/v1/nothing-here", ALICE, 404, "not_found", None),
        ("POST", "/api/v1/tasks", ALICE, 405, "method_not_allowed", None),
    ],
)
def test_error_is_the_published_envelope(client, method, url, headers, status, code, param):
    response = client.request(method, url, headers=headers)
    assert response.status_code == status, response.text
    body = response.json()
    assert list(schema_validator(SPEC, "ErrorResponse").iter_errors(body)) == [], body
    assert body["error"]["code"] == code and body["error"].get("param") == param
    types = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error", 405: "invalid_request_error"}
    assert body["error"]["type"] == types[status]


@pytest.mark.parametrize(("status", "code"), [(403, "forbidden"), (429, "rate_limited"), (500, "internal_error"), (504, "internal_error")])
def test_documented_statuses_the_mock_never_sends_on_its_own_are_served_on_request(client, status, code):
    response = client.get("/api/v1/agents/agt_demo_alice_support/tasks", headers={**ALICE, "Prefer": f"code={status}"})
    assert response.status_code == status and response.json()["error"]["code"] == code


def test_a_full_walk_ends_with_an_empty_next_since_and_rows_without_nulls(client):
    since, seen = "", []
    while True:
        response = client.get(f"/api/v1/tasks?state=all&limit=100&since={since}", headers=ALICE)
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        seen += data["tasks"]
        since = data["next_since"]
        if since == "":
            break
    assert len(seen) > 100 and {t["state"] for t in seen} == {"active", "closed"}
    assert all(value is not None for task in seen for value in task.values())
