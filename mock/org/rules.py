"""What makes one org task record valid: the spec's Task schema plus the world's own rules."""

from __future__ import annotations

import re
from typing import Any

from agent_tasks.apis import get_api
from agent_tasks.specs import record_errors

SPEC_PATH = get_api("org").spec_path
# Stored IDs are canonical (lowercase) so dependsOn can match case-insensitively via an index.
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def record_problems(record: Any, agents: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(field, problem) pairs for a `{tenant, task}` record; `agents` maps each org to its agent ids.

    Checks what one record can show on its own; uniqueness and references need the whole world.
    """
    if not isinstance(record, dict):
        return [("<root>", "must be a mapping with keys tenant and task")]
    extra = sorted(set(record) - {"tenant", "task"})
    if extra:
        return [(extra[0], "unknown key (a record has exactly tenant and task)")]
    tenant, task = record.get("tenant"), record.get("task")
    if tenant not in agents:
        return [("tenant", f"unknown organisation {tenant!r} (not in tenants.yaml)")]
    errors = [(f"task.{field}" if field != "<root>" else "task", msg) for field, msg in record_errors(SPEC_PATH, "Task", task)]
    return errors or world_problems(task, tenant, agents)


# The published list item requires no key; the mock's records carry all of them (it always sends
# the twelve published keys and dependsOn), so a record that lacks one is refused at load.
KEYS = ("taskId", "orgId", "taskListId", "title", "description", "status", "assignedAgentId", "progress",
        "blockedReason", "blockedByTaskIds", "createdAt", "updatedAt", "dependsOn")


def world_problems(task: dict[str, Any], tenant: str, agents: dict[str, set[str]]) -> list[tuple[str, str]]:
    """The world's rules for a schema-valid `task` of organisation `tenant` (keys, ids, dependencies, times, agent)."""
    missing = [key for key in KEYS if key not in task]
    if missing:
        return [(f"task.{missing[0]}", "missing (the mock's records carry every key it sends)")]
    extra = sorted(set(task) - set(KEYS))
    if extra:
        return [("task", f"unknown key {extra[0]!r} (a record has the twelve published keys and dependsOn)")]
    problems = []
    if task["orgId"] != tenant:
        problems.append(("task.orgId", f"must equal the record's tenant {tenant!r}"))
    if not _CANONICAL_UUID.fullmatch(task["taskId"]):
        problems.append(("task.taskId", "must be a lowercase UUID"))
    for i, blocker in enumerate(task["dependsOn"]):
        if not _CANONICAL_UUID.fullmatch(blocker):
            problems.append((f"task.dependsOn.{i}", "must be a lowercase UUID"))
        elif blocker == task["taskId"]:
            problems.append((f"task.dependsOn.{i}", "a task cannot depend on itself"))
    if len(set(task["dependsOn"])) != len(task["dependsOn"]):
        problems.append(("task.dependsOn", "lists a task twice"))
    if task["updatedAt"] < task["createdAt"]:
        problems.append(("task.updatedAt", "must not be before createdAt"))
    agent = task["assignedAgentId"]
    if agent is not None and agent not in agents[tenant]:
        problems.append(("task.assignedAgentId", f"{agent!r} is not an agent of organisation {tenant!r}"))
    return problems


def record_label(number: int, record: Any) -> str:
    """How a FixtureError names a record: its 1-based position and its taskId when it has one."""
    task = record.get("task") if isinstance(record, dict) else None
    task_id = task.get("taskId") if isinstance(task, dict) else None
    return f"{number} (taskId={task_id})"
