"""What makes an orq task record valid: the spec's Task schema plus the world's own rules."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

import jsonschema_rs

from agent_tasks.apis import get_api
from agent_tasks.specs import load_bundled, to_json_schema
from mock.orq import ulid

SPEC_PATH = get_api("orq").spec_path.resolve()
STATUSES = ("inactive", "approval_required", "in_progress", "errored")
RECORD_KEYS = frozenset({"tenant", "agent", "task"})
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class AgentRef:
    """An agent as the rules see it: which workspace it lives in and its identity."""

    tenant: str
    workspace_id: str
    key: str
    id: str


def _closed(node: Any) -> Any:
    """`node` with `additionalProperties: false` on every object schema that leaves it open."""
    if isinstance(node, list):
        return [_closed(value) for value in node]
    if not isinstance(node, dict):
        return node
    out = {key: _closed(value) for key, value in node.items()}
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


@functools.lru_cache(maxsize=None)
def fixture_validator(name: str) -> jsonschema_rs.Draft202012Validator:
    """The spec's schema `name`, closed: fixtures must be spec-valid *and* hold no unknown key.

    The spec's objects are open (a client must ignore unknown keys), but a key the spec does not
    name in a fixture is a typo (`creatd`), which the mock would otherwise serve silently.
    `metadata` (declared `additionalProperties: {}`) stays free-form.
    """
    schemas = load_bundled(SPEC_PATH).get("components", {}).get("schemas", {})
    root = dict(to_json_schema(_closed(schemas[name])))
    root["$defs"] = {key: to_json_schema(_closed(value)) for key, value in schemas.items()}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def fixture_errors(name: str, instance: Any) -> list[tuple[str, str]]:
    """Why `instance` breaks the closed schema `name`, as (field path, message) pairs."""
    validator = fixture_validator(name)
    if validator.is_valid(instance):
        return []
    return [(".".join(str(p) for p in err.instance_path) or "<root>", err.message) for err in validator.iter_errors(instance)]


def derive_status(state: Mapping[str, Any]) -> str:
    """The task's status from its `state`, first match wins (docs/decisions.md).

    A missing key takes its published default: `waiting_for_approval` false, `inactive` true.
    """
    if isinstance(state.get("error"), str) and state["error"]:
        return "errored"
    if state.get("waiting_for_approval", False):
        return "approval_required"
    if state.get("inactive", True):
        return "inactive"
    return "in_progress"


def millis(timestamp: str) -> int:
    """Milliseconds since the epoch of an RFC 3339 date-time; ValueError if Python cannot read it."""
    moment = datetime.fromisoformat(timestamp.upper().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{timestamp!r} has no UTC offset")
    # Integer arithmetic: a float timestamp() * 1000 can land one millisecond short.
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def record_label(number: int, record: Any) -> str:
    """How a FixtureError names a record: its 1-based position and, when readable, its `_id`."""
    task = record.get("task") if isinstance(record, dict) else None
    task_id = task.get("_id") if isinstance(task, dict) else None
    return f"{number} (_id={task_id})" if isinstance(task_id, str) else str(number)


def record_problems(record: Any, agents: Mapping[str, Mapping[str, AgentRef]]) -> list[tuple[str, str]]:
    """Every (field, problem) of a `{tenant, agent, task}` record; `agents`: tenant -> key -> agent."""
    if not isinstance(record, dict):
        return [("<root>", "a record must be a mapping with tenant, agent and task")]
    missing = sorted(RECORD_KEYS - record.keys())
    if missing:
        return [(missing[0], "is required")]
    unknown = sorted(record.keys() - RECORD_KEYS)
    if unknown:
        return [(unknown[0], f"unknown key (a record has {', '.join(sorted(RECORD_KEYS))})")]
    tenant, key = record["tenant"], record["agent"]
    if not isinstance(tenant, str) or tenant not in agents:
        return [("tenant", f"unknown tenant {tenant!r}")]
    if not isinstance(key, str) or key not in agents[tenant]:
        return [("agent", f"tenant {tenant!r} has no agent {key!r}")]
    errors = fixture_errors("Task", record["task"])
    if errors:
        return [("task" if field == "<root>" else f"task.{field}", message) for field, message in errors]
    return world_problems(record["task"], agents[tenant][key])


def world_problems(task: dict, agent: AgentRef) -> list[tuple[str, str]]:
    """The world's rules for a schema-valid `task` of `agent`: workspace, snapshot, ULID time, update order."""
    snapshot = task["agent_manifest_snapshot"]
    problems = []
    if task["workspace_id"] != agent.workspace_id:
        problems.append(("task.workspace_id", f"must be {agent.workspace_id} (tenant {agent.tenant!r})"))
    if snapshot["key"] != agent.key:
        problems.append(("task.agent_manifest_snapshot.key", f"must be the record's agent {agent.key!r}"))
    if snapshot["_id"] != agent.id:
        problems.append(("task.agent_manifest_snapshot._id", f"must be agent {agent.key!r}'s _id {agent.id}"))
    try:
        id_time = ulid.timestamp_ms(task["_id"])
    except ValueError as exc:
        return [*problems, ("task._id", str(exc))]
    times = {}
    for name in ("created", "updated"):
        try:
            times[name] = millis(task[name])
        except ValueError as exc:
            return [*problems, (f"task.{name}", str(exc))]
    created, updated = times["created"], times["updated"]
    if id_time != created:
        problems.append(("task._id", f"its time part ({id_time} ms) must equal created ({created} ms)"))
    if updated < created:
        problems.append(("task.updated", "must not be before created"))
    return problems
