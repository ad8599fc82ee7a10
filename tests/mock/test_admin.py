"""The runtime admin API: edits show up in the API at once, reset restores, journal records."""

from __future__ import annotations

import shutil

from tests.mock.conftest import auth


def beeos_ids(client, tenant, **query) -> list[str]:
    params = "&".join(f"{k}={v}" for k, v in {"limit": 100, **query}.items())
    body = client.get(f"/api/v1/tasks?{params}", headers=auth(tenant)).json()
    return [t["task_id"] for t in body["data"]["tasks"]]


def test_created_task_is_listed_first_then_closed_then_removed(changing_client, all_tenants):
    client, alice = changing_client, all_tenants["beeos"][0]
    agent = alice.own_urls[0].split("/")[4]
    created = client.post("/__mock/beeos/tasks", json={"tenant": alice.id, "task": {"agent_id": agent}})
    assert created.status_code == 201, created.text
    task_id = created.json()["task_id"]
    assert beeos_ids(client, alice, state="open")[0] == task_id

    closed = client.patch(f"/__mock/beeos/tasks/{task_id}", json={"closed_at": created.json()["created_at"], "close_reason": "done"})
    assert closed.status_code == 200, closed.text
    assert task_id not in beeos_ids(client, alice, state="open")
    assert beeos_ids(client, alice, state="closed")[0] == task_id

    assert client.delete(f"/__mock/beeos/tasks/{task_id}").status_code == 204
    assert task_id not in beeos_ids(client, alice, state="all")
    assert client.delete(f"/__mock/beeos/tasks/{task_id}").status_code == 404


def test_invalid_admin_edit_is_a_400_naming_the_field(changing_client, all_tenants):
    response = changing_client.post("/__mock/org/tasks", json={"tenant": all_tenants["org"][0].id, "task": {"progress": 7}})
    assert response.status_code == 400
    assert "progress" in response.json()["error"]


def test_reset_restores_the_start_up_world(changing_client, all_tenants):
    client, alice = changing_client, all_tenants["beeos"][0]
    before = beeos_ids(client, alice, state="all")
    assert client.delete(f"/__mock/beeos/tasks/{before[0]}").status_code == 204
    assert beeos_ids(client, alice, state="all")[0] != before[0]
    assert client.post("/__mock/reset").status_code == 200
    assert beeos_ids(client, alice, state="all") == before


def test_loading_a_broken_world_is_refused_and_changes_nothing(changing_client, all_tenants, world_dir, tmp_path):
    client, alice = changing_client, all_tenants["beeos"][0]
    before = beeos_ids(client, alice)
    broken = tmp_path / "broken"
    shutil.copytree(world_dir, broken)
    tasks = broken / "org" / "tasks.yaml"
    tasks.write_text(tasks.read_text().replace("progress: 0\n", "progress: 3\n", 1))
    response = client.post("/__mock/fixtures", json={"path": str(broken)})
    assert response.status_code == 400
    message = response.json()["error"]
    assert "org/tasks.yaml" in message and "record" in message and "progress" in message
    assert beeos_ids(client, alice) == before


def test_journal_lists_recent_api_requests(client, all_tenants):
    tenant = all_tenants["orq"][0]
    assert client.delete("/__mock/journal").status_code == 204
    client.get(tenant.list_url + "?limit=3", headers=auth(tenant))
    client.get(tenant.list_url + "?limit=0", headers=auth(tenant))
    entries = client.get("/__mock/journal?limit=2").json()["entries"]
    assert [(e["method"], e["path"], e["query"], e["status"]) for e in entries] == [
        ("GET", tenant.list_url, "limit=0", 400),
        ("GET", tenant.list_url, "limit=3", 200),
    ]


def test_health_and_docs(client):
    assert client.get("/__mock/health").json()["status"] == "ok"
    assert client.get("/__mock/orq/openapi.json").json()["paths"]
    ui = client.get("/__mock/org/ui/")
    assert ui.status_code == 200 and "SwaggerUIBundle" in ui.text
    assert client.get("/__mock/swagger-ui/swagger-ui-bundle.js").status_code == 200
