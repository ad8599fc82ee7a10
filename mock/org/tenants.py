"""Read and check fixtures/org/tenants.yaml: organisations, their API keys and their agents."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Any

from agent_tasks.specs import read_yaml
from mock.core.errors import FixtureError

# RFC 6750 b64token: what may follow "Bearer " in an Authorization header.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def _ms(value: Any) -> int:
    # YAML turns an unquoted timestamp into a datetime; a quoted one stays ISO text.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not isinstance(value, dt.datetime):
        raise ValueError("must be an ISO 8601 date-time or null")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return int(value.timestamp() * 1000)


def _text(entry: dict, key: str, fail) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        fail(key, "must be a non-empty string")
    return value


def read_tenants(path: Path) -> list[dict[str, Any]]:
    """The organisations of `path`, checked; expiry dates become `expires_at_ms` (None = never)."""
    if not path.is_file():
        raise FixtureError(str(path), "-", "-", "file not found (an org fixtures dir needs tenants.yaml)")
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tenants"), list) or not data["tenants"]:
        raise FixtureError(str(path), "-", "tenants", "must be a non-empty list of organisations")
    tenants, tokens = [], set()
    for number, entry in enumerate(data["tenants"], start=1):
        label = f"{number} (id={entry.get('id') if isinstance(entry, dict) else None})"

        def fail(field: str, problem: str) -> None:
            raise FixtureError(str(path), label, field, problem)

        if not isinstance(entry, dict):
            fail("<root>", "must be a mapping")
        extra = set(entry) - {"id", "name", "credentials", "agents"}
        if extra:
            fail(sorted(extra)[0], "unknown key (expected id, name, credentials, agents)")
        org = _text(entry, "id", fail)
        if any(t["id"] == org for t in tenants):
            fail("id", f"duplicate organisation id {org!r}")
        tenant = {"id": org, "name": _text(entry, "name", fail), "credentials": [], "agents": []}
        for i, cred in enumerate(entry.get("credentials") or []):
            token = cred.get("token") if isinstance(cred, dict) else None
            if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
                fail(f"credentials.{i}.token", "must be a bearer token (letters, digits, -._~+/)")
            if token in tokens:
                fail(f"credentials.{i}.token", "duplicate token (a key is bound to one organisation)")
            try:
                expires = None if cred.get("expires_at") is None else _ms(cred["expires_at"])
            except ValueError as exc:
                fail(f"credentials.{i}.expires_at", str(exc))
            tokens.add(token)
            tenant["credentials"].append({"token": token, "expires_at_ms": expires, "note": str(cred.get("note", ""))})
        if not tenant["credentials"]:
            fail("credentials", "must list at least one API key")
        for i, agent in enumerate(entry.get("agents") or []):
            if not isinstance(agent, dict):
                fail(f"agents.{i}", "must be a mapping with id and name")
            agent_id = _text(agent, "id", lambda key, problem: fail(f"agents.{i}.{key}", problem))
            name = _text(agent, "name", lambda key, problem: fail(f"agents.{i}.{key}", problem))
            if any(a["id"] == agent_id for a in tenant["agents"]):
                fail(f"agents.{i}.id", f"duplicate agent id {agent_id!r}")
            tenant["agents"].append({"id": agent_id, "name": name})
        tenants.append(tenant)
    return tenants


def insert_tenants(conn: sqlite3.Connection, tenants: list[dict[str, Any]]) -> None:
    """Store checked organisations, keys and agents."""
    conn.executemany("INSERT INTO org_tenants VALUES (?, ?)", [(t["id"], t["name"]) for t in tenants])
    conn.executemany(
        "INSERT INTO org_agents VALUES (?, ?, ?)", [(t["id"], a["id"], a["name"]) for t in tenants for a in t["agents"]]
    )
    conn.executemany(
        "INSERT INTO org_credentials VALUES (?, ?, ?, ?)",
        [(c["token"], t["id"], c["expires_at_ms"], c["note"]) for t in tenants for c in t["credentials"]],
    )


def stored_agents(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every stored organisation id -> the ids of its agents (for checking records outside a load)."""
    agents: dict[str, set[str]] = {org: set() for (org,) in conn.execute("SELECT org FROM org_tenants")}
    for org, agent_id in conn.execute("SELECT org, agent_id FROM org_agents"):
        agents[org].add(agent_id)
    return agents
