"""The HTTP edge: every error in the API's own envelope, auth before parameters, CORS."""

from __future__ import annotations

import pytest

from tests.mock.conftest import auth

ENVELOPES = {
    "beeos": lambda body: body["success"] is False and {"code", "message", "type"} <= set(body["error"]) <= {"code", "message", "type", "param"},
    "orq": lambda body: set(body) == {"message"},
    "org": lambda body: set(body) == {"error", "message"} and body["error"] is True,  # QuantCDN's V2Error
}


def code_of(api: str, body: dict) -> str | None:
    """The envelope's error code; orq's published error body and org's V2Error have none."""
    return None if api in ("orq", "org") else body["error"]["code"]


def assert_error(api, response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert ENVELOPES[api](body), body
    assert code_of(api, body) == (None if api in ("orq", "org") else code)
    assert body["message"] if "message" in body else body["error"]["message"]


@pytest.mark.parametrize("api", ["beeos", "orq", "org"])
def test_valid_request_is_200(client, all_tenants, api):
    tenant = all_tenants[api][0]
    assert client.get(tenant.list_url, headers=auth(tenant)).status_code == 200


@pytest.mark.parametrize("api", ["beeos", "orq", "org"])
@pytest.mark.parametrize(
    "header", [None, "Bearer", "Basic dXNlcjpwYXNz", "Bearer not-a-real-token", "Bearer eyJhbGciOiJub25lIn0.e30."]
)
def test_bad_credentials_are_401_with_challenge(client, all_tenants, api, header):
    tenant = all_tenants[api][0]
    response = client.get(tenant.list_url + "?limit=0", headers={"Authorization": header} if header else {})
    # Credentials are checked before parameters: limit=0 would otherwise be a 400.
    beeos = "missing_token" if header is None else "invalid_token"  # BeeOS's published codes
    assert_error(api, response, 401, beeos if api == "beeos" else "unauthorized")
    assert response.headers["www-authenticate"].startswith(f'Bearer realm="{api}"')


@pytest.mark.parametrize("api", ["beeos", "orq", "org"])
@pytest.mark.parametrize("query", ["limit=0", "limit=101000", "limit=ten", "no_such_param=1"])
def test_bad_parameters_are_400(client, all_tenants, api, query):
    tenant = all_tenants[api][0]
    response = client.get(f"{tenant.list_url}?{query}", headers=auth(tenant))
    assert_error(api, response, 400, "invalid_param" if api == "beeos" else "invalid_request")
    if api == "beeos":  # the published `param` names the offending parameter
        assert response.json()["error"]["param"] == query.partition("=")[0]


@pytest.mark.parametrize("api", ["beeos", "orq", "org"])
def test_missing_resource_is_404(client, all_tenants, api):
    tenant = all_tenants[api][0]
    assert_error(api, client.get(tenant.missing_url, headers=auth(tenant)), 404, "agent_not_found" if api == "beeos" else "not_found")


@pytest.mark.parametrize("api", ["beeos", "orq", "org"])
def test_other_tenants_resource_answers_like_a_missing_one(client, all_tenants, api):
    mine, theirs = all_tenants[api][0], all_tenants[api][1]
    missing = client.get(mine.missing_url, headers=auth(mine))
    assert missing.status_code == 404
    for url in theirs.own_urls:
        assert client.get(url, headers=auth(theirs)).status_code == 200, url
        foreign = client.get(url, headers=auth(mine))
        assert foreign.status_code == 404, url
        assert code_of(api, foreign.json()) == code_of(api, missing.json())


def test_unknown_path_under_an_api_uses_its_envelope(client, all_tenants):
    tenant = all_tenants["beeos"][0]
    assert_error("beeos", client.get("/api/v1/nothing-here", headers=auth(tenant)), 404, "not_found")


@pytest.mark.parametrize("api", ["beeos", "orq", "org"])
@pytest.mark.parametrize("segment", ["a%0Ab", "ab%0A", "%0D%0A"])
def test_a_line_feed_in_a_path_parameter_is_a_404_not_a_crash(client, all_tenants, api, segment):
    # Connexion routes with Starlette, whose mount pattern stops at a line feed, and Flask with
    # Werkzeug, whose did not: Flask then ran the handler without Connexion's context (a 500).
    tenant = all_tenants[api][0]
    template = tenant.missing_url.split("/")
    url = "/".join(template[:-2] + [segment, template[-1]]) if api != "org" else "/".join(template[:-3] + [segment, *template[-2:]])
    assert_error(api, client.get(url, headers=auth(tenant)), 404, "not_found")


@pytest.mark.parametrize("api", ["beeos", "orq", "org"])
def test_cors_preflight_allows_authorization(client, all_tenants, api):
    tenant = all_tenants[api][0]
    response = client.options(
        tenant.list_url,
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, prefer",
        },
    )
    assert response.status_code == 200
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    simple = client.get(tenant.list_url, headers={**auth(tenant), "Origin": "http://localhost:5173"})
    assert simple.headers["access-control-allow-origin"] == "*"


def test_a_jwt_from_agent_tasks_token_is_accepted(client, all_tenants, options, capsys):
    from agent_tasks.cli import main

    alice = all_tenants["beeos"][0]
    assert main(["token", "--owner", alice.id, "--jwt-secret", options.jwt_secret]) == 0
    jwt = capsys.readouterr().out.strip()
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {jwt}"}).status_code == 200
    assert main(["token", "--owner", alice.id, "--jwt-secret", "another-secret-of-thirty-two-bytes!"]) == 0
    forged = capsys.readouterr().out.strip()
    assert_error("beeos", client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {forged}"}), 401, "invalid_token")
