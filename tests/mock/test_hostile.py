"""Hostile input through HTTP (in-process): a clear 4xx in the documented envelope, never a 500, world unchanged."""

from __future__ import annotations

import pytest

from mock.beeos.auth import mint_jwt
from mock.core import cursors
from tests.mock.conftest import auth
from tests.mock.hostile import Case, admin_cases, api_cases, message_of
from tests.mock.world import tenants as read_tenants


def _world(client, all_tenants) -> dict[str, bytes]:
    """Every tenant's first page of every API, as bytes: equal before and after means unchanged."""
    return {
        f"{t.api}:{t.id}": client.get(t.list_url, params={"limit": 100} if t.api != "orq" else {"limit": 200}, headers=auth(t)).content
        for people in all_tenants.values()
        for t in people
    }


def _send(client, case: Case):
    return client.request(case.method, case.path, headers=case.headers, content=case.body)


def _cases(world_dir) -> list[Case]:
    return api_cases({api: read_tenants(world_dir, api) for api in ("beeos", "orq", "org")}) + admin_cases()


@pytest.fixture(scope="module")
def cases(world_dir):
    return _cases(world_dir)


def test_every_hostile_request_is_refused_in_its_envelope_and_changes_nothing(client, all_tenants, cases):
    before = _world(client, all_tenants)
    wrong = []
    for case in cases:
        response = _send(client, case)
        body = response.json() if response.headers.get("content-type") == "application/json" else None
        if response.status_code != case.status or not message_of(body):
            wrong.append(f"{case.id}: {response.status_code} {response.text[:200]}")
    assert not wrong, "\n".join(wrong)
    assert _world(client, all_tenants) == before


def test_a_jwt_whose_time_claims_are_strings_is_refused(client, all_tenants, options):
    alice = all_tenants["beeos"][0]
    good = mint_jwt(alice.id, secret=options.jwt_secret)
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {good}"}).status_code == 200
    for claims in ({"exp": "9999999999"}, {"iat": "1"}, {"nbf": "1"}, {"exp": True}):
        token = mint_jwt(alice.id, secret=options.jwt_secret, **claims)
        response = client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (claims, response.text)
        assert message_of(response.json())


def test_a_validly_signed_cursor_out_of_sqlites_range_is_a_400(client, mock_app, all_tenants):
    alice = all_tenants["beeos"][0]
    secret = mock_app.store.cursor_secret()
    for position in (2**63, -(2**63) - 1, 2**200):
        since = cursors.encode({"c": position, "i": "tsk_x"}, secret, tenant=alice.id)
        response = client.get("/api/v1/tasks", params={"since": since}, headers=auth(alice))
        assert response.status_code == 400, response.text
        assert message_of(response.json())


def test_the_cursor_secret_is_random_per_world_unless_configured(mock_app, world_dir, options):
    from mock.http.app import create_app

    other = create_app(options.replace(cursor_secret=None))
    assert mock_app.store.cursor_secret() != other.store.cursor_secret()
    assert cursors.EXAMPLE_SECRET not in (mock_app.store.cursor_secret(), other.store.cursor_secret())


def test_the_first_of_a_repeated_preference_counts(client, all_tenants):
    tenant = all_tenants["orq"][0]
    response = client.get(tenant.list_url, headers={**auth(tenant), "Prefer": "code=404, code=400"})
    assert response.status_code == 404, response.text
    assert response.headers["preference-applied"] == "code=404"


def test_an_oversized_declared_body_is_a_413_before_it_is_read(client):
    response = client.post("/__mock/beeos/tasks", headers={"Content-Type": "application/json", "Content-Length": "999999999"}, content=b"{}")
    assert response.status_code == 413
    assert "too large" in message_of(response.json())


_TASK_ID = {"beeos": "task_id", "orq": "_id", "org": "taskId"}


def _strings_of(node) -> set[str]:
    if isinstance(node, dict):
        return {s for k, v in node.items() for s in {k} | _strings_of(v)}
    if isinstance(node, list):
        return {s for v in node for s in _strings_of(v)}
    return {node} if isinstance(node, str) else set()


def _success_examples(spec: dict) -> set[str]:
    def deref(node):
        while isinstance(node, dict) and "$ref" in node:
            target = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    names = set()
    for item in spec["paths"].values():
        for op in item.values():
            for status, response in (op.get("responses", {}) if isinstance(op, dict) else {}).items():
                if status.startswith("2"):
                    names |= set(deref(response).get("content", {}).get("application/json", {}).get("examples", {}))
    return names


def test_prefer_examples_never_show_another_tenants_tasks(tmp_path_factory):
    """Over the built-in world, whose demo tenants the specs' examples are written for."""
    from agent_tasks.apis import APIS
    from agent_tasks.paths import FIXTURES_DIR
    from agent_tasks.specs import load_bundled, read_yaml
    from mock.core.options import Options
    from mock.http.app import create_app
    from tests.mock.conftest import TEST_HOSTS

    app = create_app(Options(fixtures_dir=FIXTURES_DIR, admin_hosts=TEST_HOSTS))
    refused = served = 0
    with app.test_client() as client:
        for api in APIS:
            people = read_tenants(FIXTURES_DIR, api)
            owner_of = {r["task"][_TASK_ID[api]]: r["tenant"] for r in read_yaml(FIXTURES_DIR / api / "tasks.yaml")["tasks"]}
            spec = load_bundled(APIS[api].spec_path)
            for name in sorted(_success_examples(spec)):
                for tenant in people:
                    response = client.get(tenant.list_url, headers={**auth(tenant), "Prefer": f"example={name}"})
                    if response.status_code == 400:
                        refused += 1
                        assert "another tenant" in message_of(response.json())
                        continue
                    assert response.status_code == 200, response.text
                    served += 1
                    strings = _strings_of(response.json())
                    others = {t.id for t in people if t.id != tenant.id}
                    leaked = {s for s in strings if owner_of.get(s, tenant.id) != tenant.id} | (strings & others)
                    assert not leaked, (api, name, tenant.id, leaked)
        # The example's own tenant can follow its cursor (re-signed with this world's secret).
        alice = read_tenants(FIXTURES_DIR, "beeos")[0]
        first = client.get("/api/v1/tasks", headers={**auth(alice), "Prefer": "example=FirstPage"})
        since = first.json()["data"]["next_since"]
        assert first.status_code == 200 and since
        assert client.get("/api/v1/tasks", params={"since": since}, headers=auth(alice)).status_code == 200
    assert refused and served
