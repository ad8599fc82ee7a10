"""`Prefer` overrides: documented statuses and named examples on demand, bounded delays."""

from __future__ import annotations

import time

import pytest

from agent_tasks.apis import APIS
from agent_tasks.specs import load_bundled
from tests.mock.conftest import auth
from tests.mock.test_edge import assert_error


def documented_example(api: str, path: str, status: str, name: str | None = None):
    """Example `name` of a documented response (the first one when no name is given)."""
    responses = load_bundled(APIS[api].spec_path)["paths"][path]["get"]["responses"]
    examples = responses[status]["content"]["application/json"]["examples"]
    return examples[name or next(iter(examples))]["value"]


def test_prefer_code_returns_the_documented_example(client, all_tenants):
    tenant = all_tenants["beeos"][0]
    response = client.get(tenant.list_url, headers={**auth(tenant), "Prefer": "code=401"})
    assert response.status_code == 401
    assert response.json() == documented_example("beeos", "/api/v1/tasks", "401")
    assert response.headers["preference-applied"] == "code=401"
    assert "www-authenticate" in response.headers


def test_prefer_code_in_a_documented_range_returns_its_example(client, all_tenants):
    tenant = all_tenants["beeos"][0]
    response = client.get(tenant.list_url, headers={**auth(tenant), "Prefer": "code=503"})
    assert response.status_code == 503  # BeeOS documents 5XX, not 503 on its own
    assert response.json() == documented_example("beeos", "/api/v1/tasks", "5XX")


@pytest.mark.parametrize(("api", "path", "name"), [
    ("beeos", "/api/v1/tasks", "LastPage"),
    ("orq", "/v2/agents/{agent_key}/tasks", "NeedsAttention"),
    ("org", "/api/v3/organizations/{organisation}/ai/tasks", "DependentTaskIds"),
])
def test_prefer_example_returns_that_named_example(client, all_tenants, api, path, name):
    tenant = all_tenants[api][0]
    response = client.get(tenant.list_url, headers={**auth(tenant), "Prefer": f"example={name}"})
    assert response.status_code == 200
    assert response.json() == documented_example(api, path, "200", name)


@pytest.mark.parametrize(("prefer", "why"), [
    ("code=418", "not documented"),
    ("example=NoSuchExample", "not documented"),
    ("code=abc", "whole numbers"),
    ("delay=-5", "negative"),
])
def test_bad_preferences_are_a_clear_400(client, all_tenants, prefer, why):
    tenant = all_tenants["orq"][0]
    response = client.get(tenant.list_url, headers={**auth(tenant), "Prefer": prefer})
    assert_error("orq", response, 400, "invalid_request")
    assert why in response.json()["message"]


def test_prefer_delay_is_applied_and_bounded(client, all_tenants, options):
    tenant = all_tenants["org"][0]
    started = time.monotonic()
    response = client.get(tenant.list_url, headers={**auth(tenant), "Prefer": "delay=100000"})
    elapsed_ms = (time.monotonic() - started) * 1000
    assert response.status_code == 200
    # Asked for 100 s; the mock's bound (max_delay_ms) applies and is reported.
    assert response.headers["preference-applied"] == f"delay={options.max_delay_ms}"
    assert options.max_delay_ms <= elapsed_ms < 100_000


def test_preferences_never_bypass_auth(client, all_tenants):
    tenant = all_tenants["beeos"][0]
    response = client.get(tenant.list_url, headers={"Prefer": "code=200"})
    assert_error("beeos", response, 401, "missing_token")
