"""Walks over a loaded spec that every rule shares: references, files, operations, parameters, schemas."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from agent_tasks.lint.documents import Documents, Node, RefError, yaml_error
from agent_tasks.lint.problem import Problem

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keys whose value maps *names* to objects: a child called `default` or `example` there is a
# name (a response, a property), not the keyword.
_NAME_MAPS = frozenset({
    "paths", "properties", "patternProperties", "responses", "content", "headers", "examples",
    "schemas", "parameters", "requestBodies", "securitySchemes", "links", "callbacks",
    "variables", "encoding",
})
_LITERALS = frozenset({"example", "default", "enum"})
_EXAMPLE_OBJECT_KEYS = frozenset({"summary", "description", "value", "externalValue"})


def is_literal(mapping: dict, key: Any, *, names: bool) -> bool:
    """Whether `mapping[key]` is data (an example, default, enum, x- extension): a `$ref` there is no reference."""
    if names:
        return False
    if key in _LITERALS or str(key).startswith("x-"):
        return True
    return key == "value" and set(mapping) <= _EXAMPLE_OBJECT_KEYS


def is_name_map(key: Any, *, names: bool) -> bool:
    return not names and key in _NAME_MAPS


def iter_refs(node: Node, *, names: bool = False) -> Iterator[Node]:
    """Every Reference Object in `node`'s subtree, without following any."""
    if not names and node.ref is not None:
        yield node
        return
    is_mapping = isinstance(node.value, dict)
    for key, child in node.items():
        if is_mapping and is_literal(node.value, key, names=names):
            continue
        yield from iter_refs(child, names=is_mapping and is_name_map(key, names=names))


@dataclass(frozen=True)
class Operation:
    """One method of one path: its Operation Object and the Path Item it sits in."""

    path: str
    method: str
    node: Node
    path_item: Node

    @property
    def label(self) -> str:
        """`GET /v2/agents/{agent_key}/tasks`: how messages name an operation."""
        return f"{self.method.upper()} {self.path}"


class Spec:
    """One spec: its documents, its root and the derived views rules ask for."""

    def __init__(self, docs: Documents, root: Node) -> None:
        self.docs, self.root = docs, root

    def problem(self, rule: str, node: Node, message: str) -> Problem:
        return self.docs.problem(rule, node, message)

    @functools.cached_property
    def _scan(self) -> tuple[list[Path], dict[Path, tuple[int | None, int | None, str]]]:
        found, broken, queue = [self.root.file], {}, [self.root]
        while queue:
            for ref in iter_refs(queue.pop()):
                file = self.docs.ref_file(ref)
                if file in found or file in broken:
                    continue
                try:
                    queue.append(self.docs.load(file))
                except OSError:
                    continue  # no-unresolved-refs reports it at the $ref
                except yaml.YAMLError as exc:
                    broken[file] = yaml_error(exc)
                    continue
                found.append(file)
        return found, broken

    @property
    def files(self) -> list[Path]:
        """Every file reachable from the root through $refs (the root first) that parses."""
        return self._scan[0]

    @property
    def broken_files(self) -> dict[Path, tuple[int | None, int | None, str]]:
        """Files a $ref reaches that are not valid YAML: {file: (line, column, message)}."""
        return self._scan[1]

    def _why_unresolved(self, ref: Node) -> str | None:
        """Why `ref` leads to no value: its own target is missing, or the chain runs in a circle.
        A broken later link is that link's own problem (reported at its $ref), so None here."""
        seen, node = set(), ref
        while node.ref is not None:
            if (node.file, node.pointer) in seen:
                return "the $refs form a circle"
            seen.add((node.file, node.pointer))
            try:
                node = self.docs.target(node)
            except RefError as exc:
                return str(exc) if node is ref else None
        return None

    @functools.cached_property
    def refs(self) -> list[tuple[Node, str | None]]:
        """Every Reference Object in every file, with why it does not resolve (None when it does)."""
        return [
            (ref, self._why_unresolved(ref)) for file in self.files for ref in iter_refs(self.docs.load(file))
        ]

    @functools.cached_property
    def operations(self) -> list[Operation]:
        """Every operation, in document order."""
        found = []
        paths = self.root.get("paths")
        for template, item in paths.items() if paths is not None else ():
            item = self.docs.deref(item)
            if item is None or not isinstance(item.value, dict):
                continue
            for method in HTTP_METHODS:
                node = item.get(method)
                if node is not None and isinstance(node.value, dict):
                    found.append(Operation(str(template), method, node, item))
        return found

    def parameters(self, operation: Operation) -> list[Node]:
        """The operation's parameters, resolved: path-item ones overridden by the operation's own."""
        merged: dict[tuple[Any, Any], Node] = {}
        for holder in (operation.path_item, operation.node):
            listed = holder.get("parameters")
            for _, param in listed.items() if listed is not None else ():
                param = self.docs.deref(param)
                if param is not None and isinstance(param.value, dict):
                    merged[(param.value.get("name"), param.value.get("in"))] = param
        return list(merged.values())

    def resolved(self, node: Node | None) -> Iterator[tuple[Any, Node]]:
        """(key, resolved child) of the mapping `node`, skipping children whose $ref leads nowhere."""
        for key, child in node.items() if node is not None else ():
            child = self.docs.deref(child)
            if child is not None and isinstance(child.value, dict):
                yield key, child

    def responses(self, operation: Operation) -> Iterator[tuple[str, Node]]:
        """(status code as text, resolved Response Object) of an operation."""
        for status, response in self.resolved(operation.node.get("responses")):
            yield str(status), response

    def schemas(self, roots: Iterable[Node]) -> Iterator[Node]:
        """Every schema reachable from `roots` through subschemas and $refs, each once, resolved."""
        seen: set[tuple[Path, str]] = set()
        queue = list(roots)
        while queue:
            schema = self.docs.deref(queue.pop())
            if schema is None or not isinstance(schema.value, dict) or (schema.file, schema.pointer) in seen:
                continue
            seen.add((schema.file, schema.pointer))
            yield schema
            for key in ("items", "not", "additionalProperties"):
                child = schema.get(key)
                if child is not None and isinstance(child.value, dict):
                    queue.append(child)
            for key in ("allOf", "oneOf", "anyOf", "properties"):
                child = schema.get(key)
                queue.extend(grandchild for _, grandchild in (child.items() if child is not None else ()))
