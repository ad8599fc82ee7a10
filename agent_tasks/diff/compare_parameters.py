"""Compare the parameters of one operation: added, removed, renamed, moved, tightened.

Parameters are matched by where they travel (`in`) and their name, except path parameters: they
are matched by their position in the path template, because `{agentId}` → `{agent_id}` changes
nothing on the wire.
"""

from __future__ import annotations

import re
from typing import Any

from agent_tasks.diff.compare_schemas import Place, compare_schema
from agent_tasks.diff.normalize import normalize
from agent_tasks.diff.rules import Change, change

_TEMPLATE_VARIABLE = re.compile(r"\{([^}/]*)\}")

ParamKey = tuple[str, str]


def effective_parameters(path: str, path_item: dict, operation: dict) -> dict[ParamKey, dict]:
    """The operation's parameters (path-level ones included, operation-level ones winning)."""
    variables = _TEMPLATE_VARIABLE.findall(path)
    params: dict[ParamKey, dict] = {}
    for param in [*(path_item.get("parameters") or []), *(operation.get("parameters") or [])]:
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            continue
        where, name = str(param.get("in")), param["name"]
        if where == "path" and name in variables:
            key = (where, f"#{variables.index(name)}")
        else:  # header names are case-insensitive on the wire
            key = (where, name.lower() if where == "header" else name)
        params[key] = param
    return params


def _schema(param: dict) -> Any:
    if "schema" in param:
        return normalize(param["schema"])
    content = param.get("content") or {}
    return normalize(next(iter(content.values()), {}).get("schema"))


def _location(operation: str, param: dict) -> str:
    return f"{operation} {param.get('in')}.{param['name']}"


def _same_value(old: dict, new: dict) -> bool:
    """Whether two parameters accept the same values (so a name or place change is a rename/move)."""
    return _schema(old) == _schema(new) and bool(old.get("required")) == bool(new.get("required"))


def compare_parameters(old: dict[ParamKey, dict], new: dict[ParamKey, dict], operation: str, out: list[Change]) -> None:
    """Append the differences between two operations' parameter sets to `out`."""
    removed = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    for key in list(removed):
        match = next((other for other in added if _same_value(old[key], new[other])), None)
        if match is None:
            continue
        was, now = old[key], new[match]
        if was.get("in") != now.get("in"):
            out.append(change("request-parameter-moved", _location(operation, now),
                              old=f"`{was.get('in')}.{was['name']}`", new=f"`{now.get('in')}.{now['name']}`"))
        else:
            out.append(change("request-parameter-renamed", _location(operation, now), old=was["name"], new=now["name"]))
        removed.remove(key)
        added.remove(match)
    for key in removed:
        rule = "request-parameter-removed-with-deprecation" if old[key].get("deprecated") else "request-parameter-removed"
        out.append(change(rule, _location(operation, old[key])))
    for key in added:
        rule = "new-required-request-parameter" if new[key].get("required") else "new-optional-request-parameter"
        out.append(change(rule, _location(operation, new[key])))
    for key in (key for key in new if key in old):
        _compare_one(old[key], new[key], operation, out)


def _compare_one(old: dict, new: dict, operation: str, out: list[Change]) -> None:
    location = _location(operation, new)
    if bool(old.get("required")) != bool(new.get("required")):
        out.append(change("request-parameter-became-" + ("required" if new.get("required") else "optional"), location))
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        out.append(change("request-parameter-" + ("deprecated" if new.get("deprecated") else "reactivated"), location))
    compare_schema(_schema(old), _schema(new), Place("request-parameter", location, sep="."), out)
