"""Operation rules: ids, summaries, tags, 2xx/4xx responses with schemas, security, parameters, paths."""

from __future__ import annotations

import itertools
import re
from typing import Iterator

from agent_tasks.lint.documents import Node
from agent_tasks.lint.problem import Problem
from agent_tasks.lint.walk import Spec

_TEMPLATE = re.compile(r"\{([^{}/]+)\}")


def _blank(node: Node, key: str) -> bool:
    value = node.value.get(key)
    return not (isinstance(value, str) and value.strip())


def check_identity(spec: Spec) -> Iterator[Problem]:
    """operation-operationId(-unique), operation-summary, operation-description, operation-tags and
    operation-tag-defined."""
    tags = spec.root.value.get("tags")
    declared = {tag.get("name") for tag in tags if isinstance(tag, dict)} if isinstance(tags, list) else set()
    first_use: dict[str, str] = {}
    for op in spec.operations:
        op_id = op.node.value.get("operationId")
        if not isinstance(op_id, str) or not op_id:
            yield spec.problem("operation-operationId", op.node, f"{op.label} has no operationId")
        elif op_id in first_use:
            yield spec.problem(
                "operation-operationId-unique", op.node["operationId"],
                f"{op.label}: operationId {op_id!r} is already used by {first_use[op_id]}",
            )
        else:
            first_use[op_id] = op.label
        for key in ("summary", "description"):
            if _blank(op.node, key):
                yield spec.problem(f"operation-{key}", op.node, f"{op.label} has no {key}")
        op_tags = op.node.get("tags")
        if op_tags is None or not op_tags.value:
            yield spec.problem("operation-tags", op.node, f"{op.label} has no tags")
            continue
        for _, tag in op_tags.items():
            if tag.value not in declared:
                yield spec.problem(
                    "operation-tag-defined", tag, f"{op.label}: tag {tag.value!r} is not declared in the top-level tags"
                )


def _has_schema(response: Node) -> bool:
    content = response.value.get("content")
    return isinstance(content, dict) and bool(content) and all(
        isinstance(media, dict) and "schema" in media for media in content.values()
    )


def check_responses(spec: Spec) -> Iterator[Problem]:
    """operation-2xx-response and operation-4xx-response (a 4xx response must document its body schema)."""
    for op in spec.operations:
        raw = op.node.value.get("responses")
        statuses = [str(status) for status in raw] if isinstance(raw, dict) else []
        for digit, rule in (("2", "operation-2xx-response"), ("4", "operation-4xx-response")):
            if not any(status.startswith(digit) for status in statuses):
                yield spec.problem(rule, op.node, f"{op.label} documents no {digit}xx response")
        for status, response in spec.responses(op):
            if status.startswith("4") and not _has_schema(response):
                yield spec.problem(
                    "operation-4xx-response", response, f"the {status} response documents no body schema"
                )


def check_security(spec: Spec) -> Iterator[Problem]:
    """security-defined: every operation requires security (its own or the global one) with a defined scheme."""
    components = spec.root.value.get("components")
    schemes = (components.get("securitySchemes") if isinstance(components, dict) else None) or {}
    requirement_lists = [spec.root.get("security")]
    for op in spec.operations:
        own = op.node.get("security")
        requirement_lists.append(own)
        effective = own if own is not None else spec.root.get("security")
        # An operation's explicit `security: []` deliberately makes it public; nothing at all is an oversight.
        if effective is None or (own is None and not effective.value):
            yield spec.problem("security-defined", op.node, f"{op.label} has no security requirement")
    for requirements in requirement_lists:
        for _, requirement in requirements.items() if requirements is not None else ():
            for name, _ in requirement.items() if isinstance(requirement.value, dict) else ():
                if name not in schemes:
                    yield spec.problem(
                        "security-defined", requirement[name],
                        f"security scheme {name!r} is not defined in components.securitySchemes",
                    )


def check_parameters(spec: Spec) -> Iterator[Problem]:
    """parameter-description and path-parameters-defined (template and `in: path` parameters agree)."""
    for op in spec.operations:
        params = spec.parameters(op)
        for param in params:
            if _blank(param, "description"):
                name, where = param.value.get("name"), param.value.get("in")
                message = f"parameter {name!r} (in {where}) has no description"
                yield spec.problem("parameter-description", param, message)
        in_template = _TEMPLATE.findall(op.path)
        declared = {p.value.get("name"): p for p in params if p.value.get("in") == "path"}
        for name in sorted({n for n in in_template if in_template.count(n) > 1}):
            yield spec.problem("path-parameters-defined", op.node, f"{op.path} repeats {{{name}}}")
        for name in dict.fromkeys(in_template):
            if name not in declared:
                yield spec.problem(
                    "path-parameters-defined", op.node, f"{op.label}: path parameter {{{name}}} is not defined"
                )
        for name, param in declared.items():
            if name not in in_template:
                yield spec.problem(
                    "path-parameters-defined", param, f"{op.label}: path parameter {name!r} is not in the path template"
                )


def _segment_pattern(segment: str) -> re.Pattern:
    parts = _TEMPLATE.split(segment)  # literal, name, literal, name, ..., literal
    return re.compile("".join(re.escape(p) if i % 2 == 0 else "[^/]+" for i, p in enumerate(parts)))


def _may_overlap(x: str, y: str) -> bool:
    """Whether two templated segments can match one value (`{id}.json` and `{id}.xml` cannot)."""
    x_parts, y_parts = _TEMPLATE.split(x), _TEMPLATE.split(y)
    prefixes, suffixes = (x_parts[0], y_parts[0]), (x_parts[-1], y_parts[-1])
    return (prefixes[0].startswith(prefixes[1]) or prefixes[1].startswith(prefixes[0])) and (
        suffixes[0].endswith(suffixes[1]) or suffixes[1].endswith(suffixes[0])
    )


def ambiguous(a: str, b: str) -> bool:
    """Whether one request path can match both templates with neither more specific (OpenAPI says
    concrete segments win, so `/tasks/mine` beside `/tasks/{id}` is fine; `/{x}/me` beside `/books/{id}` is not)."""
    left, right = a.strip("/").split("/"), b.strip("/").split("/")
    if len(left) != len(right):
        return False
    left_wins = right_wins = False
    for x, y in zip(left, right):
        x_var, y_var = bool(_TEMPLATE.search(x)), bool(_TEMPLATE.search(y))
        if x_var and y_var:
            if not _may_overlap(x, y):
                return False
            continue
        if not x_var and not y_var:
            if x != y:
                return False
        elif x_var:
            if not _segment_pattern(x).fullmatch(y):
                return False
            right_wins = True
        else:
            if not _segment_pattern(y).fullmatch(x):
                return False
            left_wins = True
    return left_wins == right_wins


def check_paths(spec: Spec) -> Iterator[Problem]:
    """no-ambiguous-paths: two path templates sharing a method must not both match one request."""
    methods: dict[str, set[str]] = {}
    for op in spec.operations:
        methods.setdefault(op.path, set()).add(op.method)
    paths = spec.root.get("paths")
    for a, b in itertools.combinations(methods, 2):
        if methods[a] & methods[b] and ambiguous(a, b):
            yield spec.problem("no-ambiguous-paths", paths[b], f"{b} and {a} match the same requests")


CHECKS = (check_identity, check_responses, check_security, check_parameters, check_paths)
