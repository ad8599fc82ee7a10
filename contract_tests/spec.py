"""The spec as the properties need it: operations, their parameters, and validators of documented responses."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs

from agent_tasks.specs import load_bundled, to_json_schema


def _deref(spec: dict, node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@dataclass(frozen=True)
class Operation:
    """One documented operation: `GET /api/v1/agents/{agentId}/tasks` and what it accepts and answers."""

    spec_path: Path
    method: str
    path: str
    operation_id: str
    parameters: tuple[dict, ...] = field(repr=False)
    responses: dict[str, dict] = field(repr=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def _repr_pretty_(self, printer, cycle) -> None:
        # Hypothesis pretty-prints dataclasses field by field, repr=False ones too: a falsifying
        # example would print every documented response of the operation (tens of kB, a warning).
        printer.text(repr(self))

    @property
    def path_parameters(self) -> tuple[str, ...]:
        return tuple(p["name"] for p in self.parameters if p["in"] == "path")

    def query_parameter(self, name: str) -> dict | None:
        return next((p for p in self.parameters if p["in"] == "query" and p["name"] == name), None)

    @property
    def query_parameters(self) -> tuple[dict, ...]:
        return tuple(p for p in self.parameters if p["in"] == "query")

    def render(self, **values: str) -> str:
        """The concrete path with path parameters filled in (values are percent-encoded)."""
        from urllib.parse import quote

        path = self.path
        for name, value in values.items():
            path = path.replace("{" + name + "}", quote(value, safe=""))
        return path

    def documents(self, status: int) -> bool:
        return str(status) in self.responses or f"{str(status)[0]}XX" in self.responses

    def body_errors(self, status: int, body: Any) -> list[str]:
        """Why `body` is not what the spec documents for `status` (empty when it is)."""
        validator = _validator(self.spec_path, self.operation_id, str(status))
        if validator is None:
            return [f"status {status} is not documented for {self.label}"]
        return [describe(e) for e in validator.iter_errors(body)]


def _closest(error) -> Any:
    """For a oneOf/anyOf failure, the error of the branch that came closest (fewest errors, deepest)."""
    branches = [list(errors) for errors in (getattr(error.kind, "context", None) or []) if errors]
    if not branches:
        return error
    best = min(branches, key=lambda errors: (len(errors), -max(len(e.instance_path) for e in errors)))
    return _closest(max(best, key=lambda e: len(e.instance_path)))


def describe(error, limit: int = 60) -> str:
    """`path/to/field: what is wrong`, the offending value cut to `limit` characters: a line that names the field."""
    import json

    error = _closest(error)
    message = error.message
    try:
        shown = json.dumps(error.instance, separators=(",", ":"))
    except (TypeError, ValueError):
        shown = ""
    if shown and len(shown) > limit and message.startswith(shown):
        message = shown[:limit] + "…" + message[len(shown):]
    elif len(message) > 4 * limit:
        message = message[: 4 * limit] + "…"
    return f"{'/'.join(map(str, error.instance_path)) or '<body>'}: {message}"


@functools.lru_cache(maxsize=None)
def operations(spec_path: Path) -> tuple[Operation, ...]:
    """Every operation of the spec at `spec_path`, parameters and responses with $refs resolved."""
    spec = load_bundled(Path(spec_path))
    found = []
    for path, item in spec["paths"].items():
        shared = [_deref(spec, p) for p in item.get("parameters", [])]
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            params = {(p["in"], p["name"]): p for p in shared + [_deref(spec, p) for p in op.get("parameters", [])]}
            found.append(Operation(
                spec_path=Path(spec_path),
                method=method.upper(),
                path=path,
                operation_id=op["operationId"],
                parameters=tuple({**p, "schema": _deref(spec, p.get("schema", {}))} for p in params.values()),
                responses={status: _deref(spec, response) for status, response in op["responses"].items()},
            ))
    return tuple(found)


def operation(spec_path: Path, operation_id: str) -> Operation:
    """The operation called `operation_id` in the spec at `spec_path`."""
    return next(op for op in operations(spec_path) if op.operation_id == operation_id)


@functools.lru_cache(maxsize=None)
def _validator(spec_path: Path, operation_id: str, status: str) -> jsonschema_rs.Draft202012Validator | None:
    # A Rust validator: a page of 200 nested tasks is checked on every request of every walk.
    spec = load_bundled(Path(spec_path))
    op = operation(spec_path, operation_id)
    response = op.responses.get(status) or op.responses.get(f"{status[0]}XX")
    if response is None:
        return None
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    root = dict(to_json_schema(schema))
    root["$defs"] = {name: to_json_schema(value) for name, value in spec.get("components", {}).get("schemas", {}).items()}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def match(spec_path: Path, url_path: str) -> Operation | None:
    """The operation whose path template matches a concrete request path, or None."""
    import re

    for op in operations(spec_path):
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(op.path))
        if re.fullmatch(pattern, url_path):
            return op
    return None
