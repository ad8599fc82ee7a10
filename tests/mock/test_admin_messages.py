"""Issue 12: the admin API does what README says, and its errors name what is wrong as the caller wrote it."""

from __future__ import annotations

import re
from pathlib import Path

from mock.core.registry import plugin
from tests.mock.conftest import auth

README = Path(__file__).resolve().parents[2] / "README.md"


def test_reset_goes_back_to_the_start_up_world_after_another_was_loaded(changing_client, options, all_tenants, tmp_path):
    client, org = changing_client, all_tenants["org"][0]
    before = client.get(org.own_urls[0], headers=auth(org)).json()
    other = tmp_path / "other"
    for api in options.apis:
        plugin(api).generate(other / api, tasks=30, seed=99)
    assert client.post("/__mock/fixtures", json={"path": str(other)}).status_code == 200
    assert client.get(org.own_urls[0], headers=auth(org)).json() != before
    reset = client.post("/__mock/reset")
    assert reset.status_code == 200
    assert reset.json()["fixtures"] == str(options.fixtures_dir.resolve())
    assert client.get(org.own_urls[0], headers=auth(org)).json() == before


def test_an_orq_record_without_its_agent_is_a_400_naming_the_field(client, all_tenants):
    tenant = all_tenants["orq"][0].id
    response = client.post("/__mock/orq/tasks", json={"tenant": tenant, "task": {}})
    assert response.status_code == 400
    assert response.json()["error"].startswith("field 'agent' is required")
    unknown = client.post("/__mock/orq/tasks", json={"tenant": tenant, "agent": "nobody", "task": {}})
    assert unknown.status_code == 400 and "field 'agent': no agent 'nobody'" in unknown.json()["error"]


def test_a_missing_fixtures_folder_is_named(client, tmp_path):
    missing = tmp_path / "nowhere"
    response = client.post("/__mock/fixtures", json={"path": str(missing)})
    assert response.status_code == 400
    assert response.json() == {"error": f"no fixtures folder {str(missing)!r} on the mock's machine"}
    assert "relative path" in client.post("/__mock/fixtures", json={"path": "nowhere"}).json()["error"]
    assert client.post("/__mock/fixtures", json=["x"]).json()["error"].startswith("the request body must be a JSON object")


def test_a_patch_error_names_the_field_as_the_body_spells_it(changing_client, all_tenants):
    alice = all_tenants["beeos"][0]
    agent = alice.own_urls[0].split("/")[4]
    created = changing_client.post("/__mock/beeos/tasks", json={"tenant": alice.id, "task": {"agent_id": agent}}).json()
    response = changing_client.patch(f"/__mock/beeos/tasks/{created['task_id']}", json={"closed_at": created["created_at"]})
    assert response.status_code == 400
    message = response.json()["error"]
    # BeeOS infers `state` from the patch, so the first field named may be its partner close_reason.
    assert re.match(r"field '(closed_at|close_reason)': ", message) and "task." not in message


def test_every_admin_record_in_readme_is_accepted(changing_client):
    records = re.findall(r"^\| (beeos|orq|org) \| `(\{.*\})`", README.read_text(), flags=re.M)
    assert {api for api, _ in records} == {"beeos", "orq", "org"}
    for api, record in records:
        response = changing_client.post(f"/__mock/{api}/tasks", content=record, headers={"Content-Type": "application/json"})
        assert response.status_code == 201, (api, response.text)


def test_readme_prefer_example_works_as_written(client):
    example = re.search(r"curl (-H 'Authorization: Bearer (\S+)') -H 'Prefer: (code=\d+)' 'http://127.0.0.1:4010(\S+)'", README.read_text())
    assert example, "README has a curl example with Prefer: code=…"
    token, prefer, path = example.group(2), example.group(3), example.group(4)
    response = client.get(path, headers={"Authorization": f"Bearer {token}", "Prefer": prefer})
    assert (response.status_code, response.headers["Preference-Applied"]) == (int(prefer.split("=")[1]), prefer)
