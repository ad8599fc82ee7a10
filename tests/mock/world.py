"""What the mock tests need to know of a fixtures world: a working token and a list URL per tenant."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent_tasks.specs import read_yaml


@dataclass(frozen=True)
class Tenant:
    api: str
    id: str
    token: str
    list_url: str
    """A list operation of this tenant that answers 200."""
    missing_url: str
    """The same operation for a resource no tenant has (404)."""
    own_urls: tuple[str, ...]
    """That operation for each resource this tenant alone has (agents, the organisation)."""


def _live_token(tenant: dict) -> str:
    return next(c["token"] for c in tenant["credentials"] if not c.get("expires_at") or c["expires_at"] > "2099")


def tenants(fixtures_dir: Path, api: str) -> list[Tenant]:
    """Every tenant of `api` in `fixtures_dir`, in file order."""
    out = []
    raw = read_yaml(fixtures_dir / api / "tenants.yaml")["tenants"]
    for t in raw:
        if api == "beeos":
            url, missing = "/api/v1/tasks", "/api/v1/agents/agt_nobody_has_this/tasks"
            tenant_id = t["owner_id"]
            # The generator's `_idle` agent is visible to its owner only and has no task of anyone.
            own = tuple(f"/api/v1/agents/{a['agent_id']}/tasks" for a in t["agents"] if a["agent_id"].endswith("_idle"))
        elif api == "orq":
            url, missing = f"/v2/agents/{t['agents'][0]['key']}/tasks", "/v2/agents/no-such-agent/tasks"
            tenant_id = t["id"]
            others = {a["key"] for o in raw if o is not t for a in o["agents"]}
            own = tuple(f"/v2/agents/{a['key']}/tasks" for a in t["agents"] if a["key"] not in others)
        else:
            url, missing = f"/api/v3/organizations/{t['id']}/ai/tasks", "/api/v3/organizations/no-such-org/ai/tasks"
            tenant_id = t["id"]
            own = (url,)
        assert own, f"{api} tenant {tenant_id} has no resource of its own in {fixtures_dir}"
        out.append(Tenant(api, tenant_id, _live_token(t), url, missing, own))
    return out
