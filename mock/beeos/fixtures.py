"""Read and check BeeOS task records; every problem is a FixtureError naming the file, the record and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator, Protocol

import yaml

from agent_tasks.apis import get_api
from agent_tasks.specs import record_errors
from mock.beeos.store import TaskRow, task_row, timestamp_us
from mock.core.errors import FixtureError
from mock.core.task_records import record_of, task_items

SPEC = get_api("beeos").spec_path.resolve()
PROTOCOL = re.compile(r"^[a-z][a-z0-9_]*$")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader that keeps timestamps as strings, so a hand-written unquoted date stays wire text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    """Parse a fixture file; malformed YAML is a FixtureError, not a parser traceback."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise FixtureError(str(path), "-", "-", f"not valid YAML: {exc}") from None


class WorldView(Protocol):
    """What a task record is checked against: the fixture world being loaded, or the live store."""

    def callers(self, owner_id: str) -> frozenset[str] | None: ...
    def agent_exists(self, agent_id: str) -> bool: ...
    def task_exists(self, task_id: str) -> bool: ...


def mapping_fields(item: Any, allowed: dict[str, bool], fail) -> dict:
    """`item` as a dict with only `allowed` keys (name -> required), else `fail(field, problem)`."""
    if not isinstance(item, dict):
        fail("<root>", "must be a mapping")
    for key in item:
        if key not in allowed:
            fail(str(key), f"unknown key; expected one of {', '.join(allowed)}")
    for key, required in allowed.items():
        if required and key not in item:
            fail(key, "is required")
    return item


def block_records(path: Path) -> list[Any]:
    """The records of a tasks.yaml read whole by PyYAML (timestamps kept as text)."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise FixtureError(str(path), "-", "tasks", "the file must be a mapping with a list 'tasks'")
    return data["tasks"]


def iter_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(error label, record) of each record of a task file: its line in jsonl, its place in YAML (1-based)."""
    for item in task_items(path, lambda members: None, skip_blank=True, block=block_records):
        yield item.number, record_of(path, item)


def check_record(record: Any, view: WorldView, *, file: str, label: str) -> TaskRow:
    """The beeos_tasks row of a valid task record; else FixtureError(file, label (+ task_id), field, why).

    A record is `{tenant, protocol?, instance_id?, task}`: `task` is the wire TaskSummary, the rest
    the world's internals (a conversation channel never surfaces; `instance_id` is what the
    `instance_id` filter matches). The schema is open, so a key it does not know is served as it
    is (clients must ignore it). Beyond the schema the world needs `created_at` (the list's
    order) and consistent state: `active` without `close_reason`/`closed_at`, `closed` with both.
    """
    task = record.get("task") if isinstance(record, dict) else None
    if isinstance(task, dict) and isinstance(task.get("task_id"), str):
        label = f"{label} (task_id={task['task_id']})"

    def fail(field: str, problem: str) -> None:
        raise FixtureError(file, label, field, problem)

    mapping_fields(record, {"tenant": True, "protocol": False, "instance_id": False, "task": True}, fail)
    owner, protocol, instance = record["tenant"], record.get("protocol", "openapi"), record.get("instance_id")
    allowed_callers = view.callers(owner) if isinstance(owner, str) else None
    if allowed_callers is None:
        fail("tenant", f"{owner!r} is not a tenant of tenants.yaml")
    if not isinstance(protocol, str) or not PROTOCOL.match(protocol):
        fail("protocol", "must be a lower-case word such as 'openapi' or 'conversation'")
    if instance is not None and not (isinstance(instance, str) and 1 <= len(instance) <= 128):
        fail("instance_id", "must be a string of 1..128 characters (or left out: no instance)")
    errors = record_errors(SPEC, "TaskSummary", task)
    if errors:
        field, message = errors[0]
        fail("task" if field == "<root>" else f"task.{field}", message)
    if "created_at" not in task:
        fail("task.created_at", "is required by the mock: it orders the list")
    moments = {}
    for key in ("created_at", "closed_at", "deadline_at"):
        try:
            moments[key] = timestamp_us(task[key]) if key in task else None
        except ValueError:
            fail(f"task.{key}", "must be an RFC 3339 timestamp with a UTC offset")
    closed = task["state"] == "closed"
    for key in ("close_reason", "closed_at"):
        if (key in task) != closed:
            fail(f"task.{key}", "must be set when state is 'closed' and left out while it is 'active'")
    created = moments["created_at"]
    if moments["closed_at"] is not None and moments["closed_at"] < created:
        fail("task.closed_at", "is before created_at")
    if moments["deadline_at"] is not None and moments["deadline_at"] < created:
        fail("task.deadline_at", "is before created_at")
    if not view.agent_exists(task["agent_id"]):
        fail("task.agent_id", f"{task['agent_id']!r} is not an agent of tenants.yaml")
    if "caller_id" in task and task["caller_id"] not in allowed_callers:
        fail("task.caller_id", f"{task['caller_id']!r} is neither the owner {owner!r} nor one of its key ids")
    if view.task_exists(task["task_id"]):
        fail("task.task_id", "is not unique")
    return task_row(owner, protocol, task, created_us=created, instance_id=instance)
