"""Read and check tenants.yaml: workspaces, their API keys and their agents."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any, Iterator


from mock.core.errors import FixtureError
from mock.core.fixture_files import load_yaml
from mock.orq import store
from mock.orq.rules import AgentRef, fixture_errors, millis

TENANT_KEYS = frozenset({"id", "name", "workspace_id", "credentials", "agents"})
CREDENTIAL_KEYS = frozenset({"token", "expires_at", "note"})


def read_tenants(path: Path) -> list[dict]:
    """The checked tenants of `path`; the first problem raises FixtureError naming tenant and field."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tenants"), list) or not data["tenants"]:
        raise FixtureError(str(path), "-", "tenants", "must be a mapping with a non-empty list under 'tenants'")
    seen: dict[str, set] = {"id": set(), "workspace_id": set(), "token": set(), "agent _id": set()}
    for number, tenant in enumerate(data["tenants"], start=1):
        label = f"{number} (id={tenant.get('id')})" if isinstance(tenant, dict) else str(number)
        # The first problem stops the generator, so each check may rely on the ones before it.
        for field, problem in _tenant_problems(tenant, seen):
            raise FixtureError(str(path), label, field, problem)
    return data["tenants"]


def _tenant_problems(tenant: Any, seen: dict[str, set]) -> Iterator[tuple[str, str]]:
    if not isinstance(tenant, dict) or tenant.keys() != TENANT_KEYS:
        yield "<root>", f"a tenant is a mapping with exactly {', '.join(sorted(TENANT_KEYS))}"
        return
    for field in ("id", "name"):
        if not isinstance(tenant[field], str) or not tenant[field]:
            yield field, "must be a non-empty string"
    if not _is_uuid(tenant["workspace_id"]):
        yield "workspace_id", "must be a UUID string"
    yield from _unique(seen, "id", tenant["id"], "id")
    yield from _unique(seen, "workspace_id", tenant["workspace_id"], "workspace_id")
    if not isinstance(tenant["credentials"], list) or not isinstance(tenant["agents"], list):
        yield "credentials", "credentials and agents must be lists"
        return
    for i, credential in enumerate(tenant["credentials"]):
        yield from ((f"credentials.{i}.{field}", problem) for field, problem in _credential_problems(credential))
        yield from _unique(seen, "token", credential["token"], f"credentials.{i}.token")
    keys: set[str] = set()
    for i, agent in enumerate(tenant["agents"]):
        for field, message in fixture_errors("AgentManifestSnapshot", agent):
            yield (f"agents.{i}" if field == "<root>" else f"agents.{i}.{field}"), message
        yield from _unique({"key": keys}, "key", agent["key"], f"agents.{i}.key")
        yield from _unique(seen, "agent _id", agent["_id"], f"agents.{i}._id")


def _credential_problems(credential: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(credential, dict) or not {"token", "expires_at"} <= credential.keys() <= CREDENTIAL_KEYS:
        yield "<root>", "a credential is a mapping with token, expires_at and an optional note"
        return
    token = credential["token"]
    if not isinstance(token, str) or not token or any(c.isspace() for c in token):
        yield "token", "must be a non-empty string without spaces"
    if not isinstance(credential.get("note", ""), str):
        yield "note", "must be a string"
    expires = credential["expires_at"]
    if expires is not None and not _is_datetime(expires):
        yield "expires_at", "must be null or an RFC 3339 date-time string (quote it in YAML)"


def _unique(seen: dict[str, set], kind: str, value: Any, field: str) -> Iterator[tuple[str, str]]:
    if value in seen[kind]:
        yield field, f"duplicate {kind} {value!r}"
    seen[kind].add(value)


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str) or "T" not in value.upper():
        return False
    try:
        millis(value)
    except ValueError:
        return False
    return True


def agent_refs(tenants: list[dict]) -> dict[str, dict[str, AgentRef]]:
    """tenant -> agent key -> AgentRef, for checking task records."""
    return {
        t["id"]: {a["key"]: AgentRef(t["id"], t["workspace_id"], a["key"], a["_id"]) for a in t["agents"]}
        for t in tenants
    }


def insert_tenants(conn: sqlite3.Connection, tenants: list[dict]) -> None:
    """Store checked tenants, their API keys and their agents."""
    conn.executemany(store.INSERT_TENANT, [(t["id"], t["workspace_id"]) for t in tenants])
    conn.executemany(store.INSERT_API_KEY, [
        (c["token"], t["id"], None if c["expires_at"] is None else millis(c["expires_at"]))
        for t in tenants for c in t["credentials"]
    ])
    conn.executemany(store.INSERT_AGENT, [
        (t["id"], a["key"], a["_id"], store.dumps(a)) for t in tenants for a in t["agents"]
    ])
