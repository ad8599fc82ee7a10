"""A mock over a small generated world, with response validation on: an off-spec response is a 500."""

from __future__ import annotations

import pytest

from agent_tasks.apis import APIS
from mock.core.options import Options
from mock.core.registry import plugin
from mock.http.app import create_app
from tests.mock.world import tenants


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("world")
    for api in APIS:
        (out / api).mkdir()
        plugin(api).generate(out / api, tasks=240, seed=7, format="yaml")
    return out


# Starlette's test client sends `Host: testserver`; the admin API answers loopback names only.
TEST_HOSTS = (*Options().admin_hosts, "testserver")


@pytest.fixture(scope="session")
def options(world_dir):
    return Options(fixtures_dir=world_dir, validate_responses=True, max_delay_ms=300, admin_hosts=TEST_HOSTS)


@pytest.fixture(scope="session")
def mock_app(options):
    return create_app(options)


@pytest.fixture
def client(mock_app):
    with mock_app.test_client() as c:
        yield c


@pytest.fixture
def changing_client(client):
    """For tests that change the world: it is reset to the start-up fixtures afterwards."""
    yield client
    assert client.post("/__mock/reset").status_code == 200


@pytest.fixture(scope="session")
def all_tenants(world_dir):
    return {api: tenants(world_dir, api) for api in APIS}


def auth(tenant) -> dict[str, str]:
    return {"Authorization": f"Bearer {tenant.token}"}
