"""orq.ai Agents v2: the domain package behind `GET /v2/agents/{agent_key}/tasks` (no Connexion here)."""

from __future__ import annotations

import time
from pathlib import Path

from mock.core.plugin import ApiPlugin
from mock.orq import admin, auth, generate, queries, store, world
from mock.orq.rules import millis
from mock.orq.tenants import read_tenants


def demo_credentials(fixtures_dir: Path) -> list[dict]:
    """Every API key of a fixtures dir as [{tenant, token, note}]; an expired key's note starts "Expired"."""
    now_ms = time.time() * 1000
    credentials = []
    for tenant in read_tenants(Path(fixtures_dir) / "tenants.yaml"):
        for credential in tenant["credentials"]:
            note, expires = credential.get("note") or "Demo API key.", credential["expires_at"]
            if expires is not None and millis(expires) <= now_ms and not note.lower().startswith("expired"):
                note = f"Expired {expires}: {note}"
            credentials.append({"tenant": tenant["id"], "token": credential["token"], "note": note})
    return credentials


PLUGIN = ApiPlugin(
    id="orq",
    schema_sql=store.SCHEMA_SQL,
    load_world=world.load_world,
    authenticate=auth.authenticate,
    operations={"ListAgentTasks": queries.list_agent_tasks},
    create_task=admin.create_task,
    update_task=admin.update_task,
    delete_task=admin.delete_task,
    generate=generate.generate,
    demo_credentials=demo_credentials,
)
