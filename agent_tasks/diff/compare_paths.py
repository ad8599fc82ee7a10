"""Compare paths and operations, and hand each surviving operation to the finer comparisons.

Paths are matched by their template with variable names blanked (`/agents/{}/tasks`): the names
of path variables never travel on the wire.
"""

from __future__ import annotations

import re

from agent_tasks.diff.compare_bodies import compare_request_body, compare_responses
from agent_tasks.diff.compare_parameters import compare_parameters, effective_parameters
from agent_tasks.diff.compare_security import compare_security
from agent_tasks.diff.rules import Change, change

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _operations(path_item: dict) -> dict[str, dict]:
    return {method: op for method in METHODS if isinstance(op := path_item.get(method), dict)}


def _by_template(document: dict) -> dict[str, tuple[str, dict]]:
    paths = document.get("paths") or {}
    return {re.sub(r"\{[^}/]*\}", "{}", path): (path, item or {}) for path, item in paths.items()}


def compare_paths(base: dict, head: dict, out: list[Change]) -> None:
    """Append every difference between the paths of documents `base` and `head` to `out`."""
    old, new = _by_template(base), _by_template(head)
    for template in [*new, *(t for t in old if t not in new)]:
        if template not in new:
            path, item = old[template]
            deprecated = all(op.get("deprecated") for op in _operations(item).values())
            out.append(change(f"api-path-removed-with{'' if deprecated else 'out'}-deprecation", path))
        elif template not in old:
            path, item = new[template]
            for method in _operations(item):
                out.append(change("endpoint-added", f"{method.upper()} {path}"))
        else:
            _compare_path_item(base, head, old[template], new[template], out)


def _compare_path_item(base: dict, head: dict, old: tuple[str, dict], new: tuple[str, dict], out: list[Change]) -> None:
    (old_path, old_item), (new_path, new_item) = old, new
    old_ops, new_ops = _operations(old_item), _operations(new_item)
    for method in [*new_ops, *(m for m in old_ops if m not in new_ops)]:
        operation = f"{method.upper()} {new_path}"
        if method not in new_ops:
            deprecated = old_ops[method].get("deprecated")
            out.append(change(f"api-removed-with{'' if deprecated else 'out'}-deprecation", operation))
        elif method not in old_ops:
            out.append(change("endpoint-added", operation))
        else:
            was, now = old_ops[method], new_ops[method]
            _compare_operation_facts(was, now, operation, out)
            compare_parameters(effective_parameters(old_path, old_item, was),
                               effective_parameters(new_path, new_item, now), operation, out)
            compare_request_body(was, now, operation, out)
            compare_responses(was, now, operation, out)
            compare_security(base, head, was, now, operation, out)


def _compare_operation_facts(was: dict, now: dict, operation: str, out: list[Change]) -> None:
    """What an operation says about itself: deprecation, operationId, tags."""
    if bool(was.get("deprecated")) != bool(now.get("deprecated")):
        out.append(change("endpoint-deprecated" if now.get("deprecated") else "endpoint-reactivated", operation))
    old_id, new_id = was.get("operationId"), now.get("operationId")
    if old_id and old_id != new_id:
        out.append(change("api-operation-id-removed", operation, old=old_id, new=new_id or "(none)"))
    elif new_id and not old_id:
        out.append(change("api-operation-id-added", operation, new=new_id))
    old_tags, new_tags = was.get("tags") or [], now.get("tags") or []
    for tag in (t for t in old_tags if t not in new_tags):
        out.append(change("api-tag-removed", operation, name=tag))
    for tag in (t for t in new_tags if t not in old_tags):
        out.append(change("api-tag-added", operation, name=tag))
