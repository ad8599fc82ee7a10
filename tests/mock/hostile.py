"""Hostile requests and what the mock must answer, shared by the in-process and the live tests.

Each case is one HTTP request an attacker or a sloppy client sends; the expected answer is a 4xx
in the documented envelope (the API's, or the admin API's `{error}`), never a 500, and the world
afterwards is what it was before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from mock.core import cursors
from tests.mock.world import Tenant


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str
    status: int
    headers: dict[str, str | bytes] = field(default_factory=dict)
    body: bytes | None = None


def message_of(body) -> str | None:
    """The message of an error body in any of the envelopes (API or admin)."""
    if not isinstance(body, dict):
        return None
    inner = body.get("error")
    if isinstance(inner, dict):
        return inner.get("message")
    return body.get("message") or (inner if isinstance(inner, str) else None)


def deep_json(depth: int) -> bytes:
    return b'{"tenant": "x", "task": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}"


def api_cases(tenants: dict[str, list[Tenant]], *, live: bool = False) -> list[Case]:
    """Hostile requests to the three APIs (each tenant's own list URL, its own valid token).

    `live` adds what only a real client can send: Starlette's test client re-encodes a header
    byte such as a no-break space (0xA0) as UTF-8.
    """
    cases = []
    for api, people in tenants.items():
        first = people[0]
        auth = {"Authorization": f"Bearer {first.token}"}
        url = first.list_url
        for label, value in [("space", "%205"), ("plus", "%2B5"), ("underscore", "1_0"), ("fullwidth", "%EF%BC%95"),
                             ("arabic-indic", "%D9%A3"), ("trailing-space", "5%20"), ("exponent", "1e1")]:
            cases.append(Case(f"{api}-limit-{label}", "GET", f"{url}?limit={value}", 400, auth))
        cases.append(Case(f"{api}-limit-repeated", "GET", f"{url}?limit=5&limit=6", 400, auth))
        if live:
            token = first.token.encode()
            cases.append(Case(f"{api}-nbsp-after-key", "GET", url, 401, {"Authorization": b"Bearer " + token + b"\xa0"}))
            cases.append(Case(f"{api}-nbsp-before-key", "GET", url, 401, {"Authorization": b"Bearer \xa0" + token}))
        cases.append(Case(f"{api}-prefer-plus-delay", "GET", url, 400, {**auth, "Prefer": "delay=+5"}))
        cases.append(Case(f"{api}-prefer-fullwidth-code", "GET", url, 400, {**auth, "Prefer": "code=４０４".encode()}))
        cases.append(Case(f"{api}-huge-header", "GET", url, 431, {**auth, "X-Padding": "a" * 1_000_000}))
    beeos = tenants["beeos"][0]
    auth = {"Authorization": f"Bearer {beeos.token}"}
    cases.append(Case("beeos-state-repeated", "GET", "/api/v1/tasks?state=open&state=closed", 400, auth))
    # Signed with the secret that used to be the default (it is in this source): no longer valid.
    old = cursors.encode({"c": 1, "i": "tsk_x"}, cursors.EXAMPLE_SECRET, tenant=beeos.id)
    cases.append(Case("beeos-cursor-old-default-secret", "GET", f"/api/v1/tasks?since={old}", 400, auth))
    return cases


def admin_cases() -> list[Case]:
    """Hostile requests to the admin API (from an allowed Host: the refusals are about the request)."""
    as_json = {"Content-Type": "application/json"}
    return [
        Case("admin-unknown-api-create", "POST", "/__mock/nope/tasks", 404, as_json, b"{}"),
        Case("admin-unknown-api-delete", "DELETE", "/__mock/nope/tasks/x", 404),
        Case("admin-unknown-api-spec", "GET", "/__mock/nope/openapi.json", 404),
        Case("admin-unknown-api-ui", "GET", "/__mock/nope/ui/", 404),
        Case("admin-nested-5000", "POST", "/__mock/beeos/tasks", 400, as_json, deep_json(5000)),
        Case("admin-nested-40", "POST", "/__mock/beeos/tasks", 400, as_json, deep_json(40)),
        Case("admin-8mb-record", "POST", "/__mock/beeos/tasks", 413, as_json,
             json.dumps({"tenant": "x", "task": {"metadata": {"pad": "a" * 8_000_000}}}).encode()),
        Case("admin-not-json", "POST", "/__mock/beeos/tasks", 400, {"Content-Type": "text/plain"}, b"tenant=x"),
        Case("admin-array-body", "POST", "/__mock/beeos/tasks", 400, as_json, b"[]"),
        Case("admin-fixtures-not-a-folder", "POST", "/__mock/fixtures", 400, as_json, b'{"path": "/nonexistent/folder"}'),
        Case("admin-fixtures-empty-folder", "POST", "/__mock/fixtures", 400, as_json, b'{"path": "/"}'),
        Case("admin-foreign-origin", "POST", "/__mock/reset", 403, {"Origin": "http://evil.example"}),
    ]
