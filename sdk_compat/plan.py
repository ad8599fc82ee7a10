"""What the drivers walk: each fixture tenant's usable and expired credential, agents and filter values.

Read from `fixtures/<api>/tenants.yaml` (and org's `tasks.yaml` for task lists and `dependsOn`
targets) in the project's venv, then handed to the drivers as JSON, so the drivers need neither
PyYAML nor the project's code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

TENANT_ID = {"beeos": "owner_id", "orq": "id", "org": "id"}
AGENT_ID = {"beeos": "agent_id", "orq": "key", "org": "id"}


def _expired(credential: dict[str, Any], now: dt.datetime) -> bool:
    value = credential.get("expires_at")
    if value in (None, ""):
        return False
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)) <= now


def tenants(api: str, fixtures_dir: Path) -> list[dict[str, Any]]:
    """One entry per tenant with a usable credential: id, token, expired token (or None), agent ids."""
    now = dt.datetime.now(dt.timezone.utc)
    data = yaml.safe_load((fixtures_dir / api / "tenants.yaml").read_text(encoding="utf-8"))
    found = []
    for tenant in data["tenants"]:
        credentials = tenant.get("credentials", [])
        usable = [c["token"] for c in credentials if not _expired(c, now)]
        expired = [c["token"] for c in credentials if _expired(c, now)]
        if not usable:
            continue
        agents = [agent[AGENT_ID[api]] for agent in tenant.get("agents", [])]
        found.append({"id": tenant[TENANT_ID[api]], "token": usable[0], "expired": (expired or [None])[0], "agents": agents})
    return found


def _org_values(fixtures_dir: Path, entries: list[dict[str, Any]]) -> None:
    """Add each organisation's task lists and `dependsOn` targets (ids some task waits for) to its entry."""
    path = fixtures_dir / "org" / "tasks.yaml"
    if not path.is_file():
        return
    lists: dict[str, set[str]] = {}
    targets: dict[str, set[str]] = {}
    for record in yaml.safe_load(path.read_text(encoding="utf-8")).get("tasks", []):
        task, tenant = record.get("task", {}), record.get("tenant")
        if task.get("taskListId"):
            lists.setdefault(tenant, set()).add(task["taskListId"])
        for key in ("dependsOn", "blockedByTaskIds"):
            targets.setdefault(tenant, set()).update(task.get(key) or [])
    for entry in entries:
        entry["task_lists"] = sorted(lists.get(entry["id"], ()))
        entry["depends_on"] = sorted(targets.get(entry["id"], ()))


def build(base_url: str, fixtures_dir: Path) -> dict[str, Any]:
    apis = {api: {"tenants": tenants(api, fixtures_dir)} for api in TENANT_ID if (fixtures_dir / api / "tenants.yaml").is_file()}
    if "org" in apis:
        _org_values(fixtures_dir, apis["org"]["tenants"])
    return {"base_url": base_url, "apis": apis}
