"""Read and check BeeOS tenants.yaml: owners, their oag_ credentials and their agents (with who else sees them)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock.beeos.fixtures import mapping_fields, read_yaml
from mock.beeos.store import is_timestamp
from mock.core.errors import FixtureError

TENANTS_FILE = "tenants.yaml"
_TOKEN = re.compile(r"oag_[A-Za-z0-9_\-]{8,120}")


@dataclass(frozen=True)
class Credential:
    """An `oag_` user API key; `key_id` is what task records name as `caller_id`."""

    key_id: str
    token: str
    expires_at: str | None
    note: str


@dataclass(frozen=True)
class Agent:
    """An agent its owner sees unless archived; `shared_with` owners see it too."""

    agent_id: str
    name: str
    archived: bool
    shared_with: tuple[str, ...]


@dataclass(frozen=True)
class Tenant:
    """An owner: the unit every BeeOS credential is bound to."""

    owner_id: str
    name: str
    credentials: tuple[Credential, ...]
    agents: tuple[Agent, ...]


def read_tenants(fixtures_dir: Path) -> list[Tenant]:
    """The tenants of `fixtures_dir/tenants.yaml`, with ids unique and every reference resolved."""
    path = Path(fixtures_dir) / TENANTS_FILE
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tenants"), list) or not data["tenants"]:
        raise FixtureError(str(path), "-", "tenants", "the file must be a mapping with a non-empty list 'tenants'")
    tenants, seen = [], set()
    for n, item in enumerate(data["tenants"], start=1):
        label = f"{n} (owner_id={item['owner_id']})" if isinstance(item, dict) and "owner_id" in item else str(n)

        def fail(field: str, problem: str, label: str = label) -> None:
            raise FixtureError(str(path), label, field, problem)

        tenants.append(_tenant(item, fail, seen))
    owners = {t.owner_id for t in tenants}
    for n, tenant in enumerate(tenants, start=1):
        for a, agent in enumerate(tenant.agents):
            for s, other in enumerate(agent.shared_with):
                if other not in owners or other == tenant.owner_id:
                    problem = "is the agent's own owner" if other == tenant.owner_id else "names no tenant of this file"
                    raise FixtureError(str(path), f"{n} (owner_id={tenant.owner_id})", f"agents.{a}.shared_with.{s}", f"{other!r} {problem}")
    return tenants


def _tenant(item: Any, fail, seen: set) -> Tenant:
    mapping_fields(item, {"owner_id": True, "name": True, "credentials": True, "agents": True}, fail)
    _claim(seen, "owner", item["owner_id"], lambda p: fail("owner_id", p))
    if not isinstance(item["name"], str) or not item["name"]:
        fail("name", "must be a non-empty string")
    for kind in ("credentials", "agents"):
        if not isinstance(item[kind], list):
            fail(kind, "must be a list")
    credentials, agents = [], []
    for i, cred in enumerate(item["credentials"]):
        at = functools.partial(_fail_at, fail, f"credentials.{i}")
        mapping_fields(cred, {"key_id": True, "token": True, "expires_at": False, "note": False}, at)
        _claim(seen, "key", cred["key_id"], lambda p: at("key_id", p))
        token, expires = cred["token"], cred.get("expires_at")
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            at("token", "must be 'oag_' followed by 8..120 letters, digits, '_' or '-'")
        _claim(seen, "token", token, lambda p: at("token", p))
        if expires is not None and not is_timestamp(expires):
            at("expires_at", "must be null or an RFC 3339 timestamp with a UTC offset")
        credentials.append(Credential(cred["key_id"], token, expires, str(cred.get("note", ""))))
    for i, agent in enumerate(item["agents"]):
        at = functools.partial(_fail_at, fail, f"agents.{i}")
        mapping_fields(agent, {"agent_id": True, "name": True, "archived": False, "shared_with": False}, at)
        _claim(seen, "agent", agent["agent_id"], lambda p: at("agent_id", p))
        archived, shared = agent.get("archived", False), agent.get("shared_with", [])
        if not isinstance(archived, bool):
            at("archived", "must be true or false")
        if not isinstance(shared, list) or not all(isinstance(s, str) for s in shared) or len(set(shared)) != len(shared):
            at("shared_with", "must be a list of distinct owner ids")
        agents.append(Agent(agent["agent_id"], str(agent["name"]), archived, tuple(shared)))
    return Tenant(item["owner_id"], item["name"], tuple(credentials), tuple(agents))


def _fail_at(fail, prefix: str, field: str, problem: str) -> None:
    fail(f"{prefix}.{field}", problem)


def _claim(seen: set, kind: str, value: Any, fail) -> None:
    """Record id `value` of `kind` (owner, key, token, agent), failing if it is malformed or taken."""
    if kind != "token" and (not isinstance(value, str) or not 1 <= len(value) <= 128 or value != value.strip()):
        fail("must be a string of 1..128 characters without surrounding spaces")
    if (kind, value) in seen:
        fail("is not unique")
    seen.add((kind, value))
