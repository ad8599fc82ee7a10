"""The mock's admin edits of orq tasks: create (with defaults), patch and delete, each checked like a fixture."""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import datetime, timezone

from mock.core.errors import InvalidRequest, NotFound
from mock.orq import store, ulid
from mock.orq.rules import RECORD_KEYS, millis, record_problems

# A new task has just started: active, first iteration, nothing spent (optional fields are omitted, never null).
_DEFAULT_STATE = {"waiting_for_approval": False, "inactive": False, "iteration": 1, "accumulated_execution_time": 0}
_DEFAULT_METRICS = dict.fromkeys(
    ("input_cost", "output_cost", "total_cost", "prompt_tokens", "completion_tokens", "total_tokens"), 0
)


def now_iso() -> str:
    """The current time as the wire writes it: UTC, milliseconds, `Z`."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def create_task(conn: sqlite3.Connection, record: dict) -> dict:
    """Insert `{tenant, agent, task}`; omitted task fields get an ID, `now` and neutral defaults."""
    if not isinstance(record, dict) or not isinstance(record.get("task", {}), dict) or record.keys() - RECORD_KEYS:
        raise InvalidRequest("body must be {tenant, agent, task: {...}} (task fields may be omitted)")
    given = record.get("task", {})
    agents = store.agent_refs(conn)
    tenant, key = record.get("tenant"), record.get("agent")
    for field, value in (("tenant", tenant), ("agent", key)):
        if not isinstance(value, str):
            problem = "is required" if value is None else f"must be a string, not {value!r}"
            raise InvalidRequest(f'field {field!r} {problem}: an orq record is {{"tenant": "acme", "agent": "research-assistant", "task": {{...}}}}')
    agent = agents.get(tenant, {}).get(key)
    if agent is None:
        known = ", ".join(sorted(agents.get(tenant, {}))) or f"none: no tenant {tenant!r}"
        raise InvalidRequest(f"field 'agent': no agent {key!r} in tenant {tenant!r} (agents: {known})")
    manifest = conn.execute(
        "SELECT manifest FROM orq_agents WHERE tenant = ? AND key = ?", (agent.tenant, agent.key)
    ).fetchone()["manifest"]
    created = given.get("created", now_iso())
    try:
        task_id = ulid.encode(millis(created), secrets.randbits(80))
    except (TypeError, AttributeError, ValueError):
        raise InvalidRequest(f"field 'task.created': {created!r} is not an RFC 3339 date-time after 1970") from None
    task = {
        "_id": task_id,
        "agent_manifest_snapshot": json.loads(manifest),
        "created": created,
        "updated": created,
        "name": "Untitled task",
        "workspace_id": agent.workspace_id,
        "metadata": {},
        **given,
    }
    # A partial state or metrics is completed from the defaults, so `{"state": {"error": "x"}}` works.
    for field, default in (("state", _DEFAULT_STATE), ("metrics", _DEFAULT_METRICS)):
        task[field] = {**default, **given[field]} if isinstance(given.get(field), dict) else given.get(field, default)
    return _save(conn, agents, agent.tenant, agent.key, task, new=True)


def update_task(conn: sqlite3.Connection, task_id: str, patch: dict) -> dict:
    """Shallow-merge a partial wire task into task `task_id` (`null` removes a field); `updated` becomes now unless given."""
    row = store.stored_task(conn, task_id)
    if row is None:
        raise NotFound(f"task {task_id!r} not found")
    if not isinstance(patch, dict):
        raise InvalidRequest("body must be a partial task (a JSON object)")
    if patch.get("_id", task_id) != task_id:
        raise InvalidRequest("field '_id' cannot change")
    # No top-level task field is nullable, so `null` in a patch removes an optional field.
    merged = {**json.loads(row["body"]), "updated": now_iso(), **patch}
    task = {key: value for key, value in merged.items() if value is not None}
    return _save(conn, store.agent_refs(conn), row["tenant"], row["agent"], task, new=False)


def delete_task(conn: sqlite3.Connection, task_id: str) -> None:
    """Remove task `task_id`; NotFound if there is none."""
    if conn.execute("DELETE FROM orq_tasks WHERE id = ?", (task_id,)).rowcount == 0:
        raise NotFound(f"task {task_id!r} not found")


def _save(conn: sqlite3.Connection, agents, tenant: str, agent: str, task: dict, *, new: bool) -> dict:
    problems = record_problems({"tenant": tenant, "agent": agent, "task": task}, agents)
    if problems:
        field, problem = problems[0]
        raise InvalidRequest(f"field {field!r}: {problem}")
    if new and store.stored_task(conn, task["_id"]) is not None:
        raise InvalidRequest(f"field 'task._id': duplicate _id {task['_id']}")
    conn.execute("INSERT OR REPLACE INTO orq_tasks (id, tenant, agent, status, body) VALUES (?, ?, ?, ?, ?)",
                 store.task_row(tenant, agent, task))
    return task
