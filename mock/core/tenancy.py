"""Which values of a document belong to another tenant of the world (for `Prefer` examples).

A spec's examples are written from one demo tenant's point of view (BeeOS's `FirstPage` is
`usr_demo_alice`'s first page, with a cursor bound to her). Served as they are to any caller, they
answered Bob with Alice's tasks and a cursor of hers. The mock now looks up every string of an
example before serving it: one that names another tenant, or an agent or task of another tenant,
or a cursor issued to another tenant, makes the example another tenant's data, refused with a 400.
Values the world does not know (made-up ids) are nobody's and are served.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Iterator

from mock.core import cursors

# api -> (table, id column, tenant column): an id held by another tenant and not by the caller is
# the other tenant's (agent keys may repeat across workspaces).
_OWNED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "beeos": (
        ("beeos_owners", "owner_id", "owner_id"),
        # Not agents: an owner's own tasks may run on another owner's agent (and then show its id).
        ("beeos_tasks", "task_id", "owner_id"),
    ),
    "orq": (
        ("orq_tenants", "id", "id"),
        ("orq_tenants", "workspace_id", "id"),
        ("orq_agents", "key", "tenant"),
        ("orq_agents", "id", "tenant"),
        ("orq_tasks", "id", "tenant"),
    ),
    "org": (
        ("org_tenants", "org", "org"),
        ("org_agents", "agent_id", "org"),
        ("org_tasks", "task_id", "org"),
    ),
}
_MAX_STRINGS = 2_000


def foreign_value(conn: sqlite3.Connection, api: str, tenant: str, document: Any) -> str | None:
    """The first string of `document` that is another tenant's (see the module), or None."""
    values = list(dict.fromkeys(_strings(document)))[:_MAX_STRINGS]
    for value in values:
        owner = cursors.tenant_of(value) if "." in value else None
        if owner is not None and owner != tenant:
            return value
    for table, id_column, tenant_column in _OWNED.get(api, ()):
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            # Ids held by another tenant; then, one by one, whether the caller holds the same id too
            # (two point lookups each: a NOT IN over the caller's rows would read all of them).
            sql = f"SELECT DISTINCT {id_column} FROM {table} WHERE {id_column} IN ({marks}) AND {tenant_column} != ?"
            mine = f"SELECT 1 FROM {table} WHERE {id_column} = ? AND {tenant_column} = ? LIMIT 1"
            try:
                for (value,) in conn.execute(sql, (*chunk, tenant)).fetchall():
                    if conn.execute(mine, (value, tenant)).fetchone() is None:
                        return value
            except sqlite3.OperationalError:
                continue  # a table or column this world does not have
    return None


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
