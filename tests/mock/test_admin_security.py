"""The admin API is safe by default: loopback Host only, no foreign Origin, no CORS; a token locks it further."""

from __future__ import annotations

import pytest

from mock.http.app import create_app
from tests.mock.conftest import auth
from tests.mock.hostile import message_of

NEW_TASK = "/__mock/beeos/tasks"


def _new_task_body(tenant) -> dict:
    return {"tenant": tenant.id, "task": {"agent_id": tenant.own_urls[0].split("/")[4]}}


def _ids(client, tenant) -> list[str]:
    return [t["task_id"] for t in client.get("/api/v1/tasks", params={"limit": 100, "state": "all"}, headers=auth(tenant)).json()["data"]["tasks"]]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:4010", "127.0.0.1.evil.example", "10.0.0.5:4010"])
def test_a_foreign_host_is_refused_and_changes_nothing(changing_client, all_tenants, host):
    alice = all_tenants["beeos"][0]
    before = _ids(changing_client, alice)
    for method, path, body in [("POST", NEW_TASK, _new_task_body(alice)), ("POST", "/__mock/reset", None), ("GET", "/__mock/journal", None)]:
        response = changing_client.request(method, path, json=body, headers={"Host": host})
        assert response.status_code == 403, response.text
        assert "Host" in message_of(response.json())
    assert _ids(changing_client, alice) == before


def test_loopback_hosts_and_same_origin_pages_are_served(client):
    for host in ("localhost:4010", "127.0.0.1", "[::1]:4010"):
        assert client.get("/__mock/health", headers={"Host": host}).status_code == 200, host
    assert client.get("/__mock/health", headers={"Origin": "http://testserver"}).status_code == 200


def test_the_admin_api_sends_no_cors_headers_by_default(client, all_tenants):
    origin = {"Origin": "http://localhost:5173"}
    preflight = client.options("/__mock/reset", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    journal = client.get("/__mock/journal", headers=origin)
    assert journal.status_code == 403 and "access-control-allow-origin" not in journal.headers
    # The APIs keep their own CORS (any origin by default).
    tenant = all_tenants["orq"][0]
    assert client.get(tenant.list_url, headers={**auth(tenant), **origin}).headers["access-control-allow-origin"] == "*"


def test_admin_cors_is_granted_only_to_the_named_origin(options):
    app = create_app(options.replace(admin_cors_origins=("http://localhost:5173",)))
    with app.test_client() as client:
        allowed = {"Origin": "http://localhost:5173"}
        preflight = client.options("/__mock/reset", headers={**allowed, "Access-Control-Request-Method": "POST"})
        assert preflight.headers["access-control-allow-origin"] == "http://localhost:5173"
        journal = client.get("/__mock/journal", headers=allowed)
        assert journal.status_code == 200 and journal.headers["access-control-allow-origin"] == "http://localhost:5173"
        assert client.get("/__mock/journal", headers={"Origin": "http://evil.example"}).status_code == 403


def test_an_admin_token_is_required_once_configured(options, all_tenants):
    alice = all_tenants["beeos"][0]
    app = create_app(options.replace(admin_token="s3cret-admin-token"))
    with app.test_client() as client:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-admin-token"}):
            response = client.post(NEW_TASK, json=_new_task_body(alice), headers=headers)
            assert response.status_code == 401, response.text
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert "--admin-token" in message_of(response.json())
        assert client.get("/__mock/health").json() == {"status": "ok"}  # readiness only, no details
        good = {"Authorization": "Bearer s3cret-admin-token"}
        # With the token, any Host: e.g. another container reaching the mock by name.
        created = client.post(NEW_TASK, json=_new_task_body(alice), headers={**good, "Host": "mock:4010"})
        assert created.status_code == 201, created.text
        assert created.json()["task_id"] in _ids(client, alice)
        assert "fixtures" in client.get("/__mock/health", headers=good).json()


@pytest.mark.parametrize("guard", [{"admin_token": "s3cret-admin-token"}, {}], ids=["with-admin-token", "host-rule"])
def test_the_specs_and_swagger_ui_are_public_documents_the_rest_stays_guarded(options, guard):
    app = create_app(options.replace(**guard))
    foreign = {"Host": "mock.internal:4010", "Origin": "http://evil.example"}  # a container name, another page
    with app.test_client() as client:
        # A browser opening the UI can send no admin token: the pages, their assets and specs need none.
        for path in ("/__mock/orq/ui/", "/__mock/org/openapi.json", "/__mock/swagger-ui/swagger-ui-bundle.js"):
            assert client.get(path, headers=foreign).status_code == 200, path
        assert client.get("/__mock/beeos/ui", headers=foreign, follow_redirects=False).status_code == 308
        assert client.get("/__mock/orq/openapi.json", headers=foreign).json()["servers"][0]["url"] == "http://mock.internal:4010"
        # Everything else under /__mock/ is still refused, reads included, and so is a POST to a docs path.
        for method, path in (("GET", "/__mock/journal"), ("POST", "/__mock/reset"), ("POST", "/__mock/orq/openapi.json")):
            assert client.request(method, path, headers=foreign).status_code in (401, 403), (method, path)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20"])
def test_a_non_loopback_host_without_an_admin_token_is_refused_at_start(host, capsys):
    from agent_tasks.cli import main

    assert main(["mock", "--host", host, "--port", "1", "--api", "org"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("agent-tasks mock: --host") and "--admin-token" in err, err


def test_a_held_write_lock_makes_an_edit_a_503_and_stalls_no_read(options, all_tenants):
    import sqlite3

    alice = all_tenants["beeos"][0]
    app = create_app(options.replace(write_timeout_s=0.2))
    with app.test_client() as client:
        before = _ids(client, alice)
        holder = sqlite3.connect(app.store.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # e.g. another worker's long reset
        try:
            busy = client.post(NEW_TASK, json=_new_task_body(alice))
            assert busy.status_code == 503, busy.text
            assert "nothing was changed" in message_of(busy.json())
            # Reads never wait for the write lock, and their journal entries wait in the queue.
            assert _ids(client, alice) == before
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        entries = client.get("/__mock/journal", params={"limit": 5}).json()["entries"]
        assert entries and entries[0]["path"] == "/api/v1/tasks"
        assert _ids(client, alice) == before
