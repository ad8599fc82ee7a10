"""The fast path answers exactly as Connexion does: same status, headers and bytes, for any request."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tasks.apis import APIS
from agent_tasks.specs import load_bundled
from mock.core.options import Options
from mock.http import fastpath
from mock.http.app import create_app
from tests.mock.conftest import TEST_HOSTS, auth

# Characters that change how a query string is split or decoded, besides plain ones.
_QUERY_TEXT = st.text(alphabet="aZ09-._~,%+;=&/: é", max_size=8)


@pytest.fixture(scope="module")
def clients(world_dir):
    """The mock with the fast path and without it, over the same world (response validation off)."""
    # Two worlds: one cursor secret for both (each world draws a random one otherwise).
    same = dict(fixtures_dir=world_dir, cursor_secret="fast-path-test", admin_hosts=TEST_HOSTS)
    fast = create_app(Options(**same))
    slow = create_app(Options(**same, fast_path=False))
    with fast.test_client() as fast_client, slow.test_client() as slow_client:
        yield fast_client, slow_client


@pytest.fixture(scope="module")
def seen_strings(clients, all_tenants):
    """Every string in each API's first pages (real ids, agents, cursors): valid parameter values."""
    _, slow = clients
    found: dict[str, set[str]] = {}
    for api, tenants in all_tenants.items():
        for tenant in tenants:
            for url in (tenant.list_url, *tenant.own_urls):
                found.setdefault(api, set()).update(_strings(slow.get(f"{url}?limit=2", headers=auth(tenant)).json()))
    return {api: sorted(values) for api, values in found.items()}


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def query_parameters(api: str) -> dict[str, dict]:
    """Every query parameter of `api`'s GET operations (a name one operation lacks is unknown to it)."""
    spec = load_bundled(APIS[api].spec_path)
    out = {}
    for item in spec["paths"].values():
        for param in item["get"].get("parameters", []):
            while "$ref" in param:
                param = spec["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
            if param["in"] == "query":
                out[param["name"]] = param["schema"]
    return out


def values(schema: dict, *, seen: list[str]):
    """Raw query values for a parameter of `schema`: valid ones, near misses and noise."""
    noise = st.sampled_from(["", "null", "ten", " 5", "+5", "05", "1_0", "٣", "true", "TRUE", "yes"]) | _QUERY_TEXT
    if schema.get("type") == "integer":
        low, high = schema.get("minimum", -5), schema.get("maximum", 500)
        valid = st.integers(min_value=low - 2, max_value=high + 2).map(str)
    elif schema.get("type") == "boolean":
        valid = st.sampled_from(["true", "false", "True", "FALSE", "1", "0"])
    elif "enum" in schema:
        valid = st.sampled_from([*schema["enum"], *(v.upper() for v in schema["enum"])])
    elif "pattern" in schema:
        valid = st.from_regex(schema["pattern"], fullmatch=True)
    else:
        valid = st.uuids().map(str) if schema.get("format") == "uuid" else st.text(alphabet="az09-_.", min_size=1, max_size=12)
    return st.sampled_from([valid, valid, valid, st.sampled_from(seen), noise]).flatmap(lambda strategy: strategy)


def mostly(common, *rare):
    """`common` about three times in four, else one of `rare` (so most requests can succeed)."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda usual: common if usual else st.sampled_from(rare))


@st.composite
def requests(draw, api: str, tenants, seen: list[str]):
    """A GET of one of `api`'s list URLs, of any tenant, with any credentials and query."""
    params = query_parameters(api)
    tenant = draw(st.sampled_from(tenants))
    others = [url for t in tenants for url in (t.list_url, t.missing_url, *t.own_urls)]
    url = draw(mostly(st.sampled_from([tenant.list_url, *tenant.own_urls]), *others, tenant.list_url + "/"))
    names = mostly(st.sampled_from(list(params)), "no_such_param", "Limit")
    pairs = st.tuples(names, st.just(None)).flatmap(lambda pair: st.tuples(st.just(pair[0]), values(params.get(pair[0], {}), seen=seen)))
    query = "&".join(f"{name}={value}" for name, value in draw(st.lists(pairs, max_size=3)))
    token = draw(mostly(st.just(tenant.token), *(t.token for t in tenants), "", "not-a-token", *seen[:3]))
    scheme = draw(mostly(st.just("Bearer "), "bearer ", "Basic ", None))
    headers = {} if scheme is None else {"Authorization": scheme + token}
    prefer = draw(mostly(st.none(), "code=200", "code=401", "example=nope", "delay=0"))
    if prefer:
        headers["Prefer"] = prefer
    if draw(st.booleans()):
        headers["Origin"] = "http://example.test"
    return f"{url}?{query}" if query or draw(st.booleans()) else url, headers


@pytest.mark.parametrize("api", sorted(APIS))
def test_fast_path_answers_as_connexion_does(clients, all_tenants, seen_strings, api):
    fast, slow = clients

    @settings(max_examples=150, deadline=None)
    @given(request=requests(api, all_tenants[api], seen_strings[api]))
    def check(request):
        url, headers = request
        expected, actual = slow.get(url, headers=headers), fast.get(url, headers=headers)
        assert actual.status_code == expected.status_code, url
        assert dict(actual.headers) == dict(expected.headers), url
        assert actual.content == expected.content, url

    check()


@pytest.mark.parametrize("api", sorted(APIS))
def test_fast_path_serves_a_valid_list_request_and_hands_on_an_invalid_one(clients, all_tenants, monkeypatch, api):
    answers = []
    answer = fastpath.FastPath.answer
    monkeypatch.setattr(fastpath.FastPath, "answer", lambda self, scope: answers.append(answer(self, scope)) or answers[-1])
    fast, slow = clients
    tenant = all_tenants[api][0]
    response = fast.get(f"{tenant.list_url}?limit=3", headers=auth(tenant))
    assert response.status_code == 200
    assert answers[-1] is not None and response.content == answers[-1]
    assert response.content == slow.get(f"{tenant.list_url}?limit=3", headers=auth(tenant)).content
    assert fast.get(f"{tenant.list_url}?limit=0", headers=auth(tenant)).status_code == 400
    assert answers[-1] is None


def test_fast_path_is_off_while_responses_are_validated(mock_app, all_tenants, monkeypatch):
    answers = []
    monkeypatch.setattr(fastpath.FastPath, "answer", lambda self, scope: answers.append(scope))
    tenant = all_tenants["org"][0]
    with mock_app.test_client() as client:
        assert client.get(tenant.list_url, headers=auth(tenant)).status_code == 200
    assert answers == []


def test_json_that_orjson_refuses_is_served_alike_by_both_paths(clients, all_tenants):
    # orjson reads integers beyond 64 bits as floats and will not write them; mock/core/wire.py
    # leaves those to the json module, and both paths must still agree.
    alice = all_tenants["beeos"][0]
    agent = alice.own_urls[0].split("/")[4]
    # Not powers of two: a float cannot hold them, so reading them as floats would change them.
    metadata = {"big": 2**70 + 1, "name": "Zoë ✓", "nested": {"n": -(2**80) - 3}, "id": "12345678901234567890"}
    bodies = []
    for client in clients:
        # BeeOS metadata is a string map; a key the open schema does not name may hold any JSON.
        created = client.post("/__mock/beeos/tasks", json={"tenant": alice.id, "task": {"agent_id": agent, "x_extra": metadata}})
        assert created.status_code == 201, created.text
        page = client.get("/api/v1/tasks?limit=1", headers=auth(alice))
        assert page.status_code == 200, page.text
        assert page.json()["data"]["tasks"][0]["x_extra"] == metadata
        assert b"1180591620717411303425" in page.content and b"-1208925819614629174706179" in page.content
        bodies.append(page.content.replace(created.json()["task_id"].encode(), b"ID"))
        client.post("/__mock/reset")
    fast, slow = bodies
    assert fast.split(b'"created_at"')[0] == slow.split(b'"created_at"')[0]
