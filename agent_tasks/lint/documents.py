"""Spec files parsed with the line of every value, and $refs followed across files.

A Redocly-split spec is many files; a problem inside a referenced file must name *that* file and
line, so every value is carried as a `Node` (file, JSON pointer, value) and positions come from
the YAML composer's marks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import unquote

import yaml
# The loader openapi-spec-validator reads specs with: timestamps stay strings, as in JSON.
from jsonschema_path.loaders import JsonschemaSafeLoader

from agent_tasks.lint.problem import Problem


def escape(key: object) -> str:
    """One JSON pointer segment (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


@dataclass(frozen=True)
class Node:
    """A value and where it sits: its file and JSON pointer inside that file."""

    file: Path
    pointer: str
    value: Any

    def __getitem__(self, key: Any) -> "Node":
        return Node(self.file, f"{self.pointer}/{escape(key)}", self.value[key])

    def get(self, key: str) -> "Node | None":
        """The child `key` of a mapping, or None when absent or this is not a mapping."""
        if isinstance(self.value, dict) and key in self.value:
            return self[key]
        return None

    def items(self) -> Iterator[tuple[Any, "Node"]]:
        """(key, child) of a mapping, (index, child) of a list, nothing for a scalar."""
        if isinstance(self.value, dict):
            for key in self.value:
                yield key, self[key]
        elif isinstance(self.value, list):
            for index in range(len(self.value)):
                yield index, self[index]

    @property
    def ref(self) -> str | None:
        """The `$ref` string if this is a Reference Object."""
        if isinstance(self.value, dict) and isinstance(self.value.get("$ref"), str):
            return self.value["$ref"]
        return None


class RefError(Exception):
    """A $ref that leads nowhere; the message says why."""


def _record(loader: yaml.SafeLoader, node: yaml.Node, pointer: str, mark: yaml.Mark, marks: dict) -> None:
    marks[pointer] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            # A mapping entry is reported at its key: `get:` rather than the first line below it.
            _record(loader, value_node, f"{pointer}/{escape(key)}", key_node.start_mark, marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(loader, item, f"{pointer}/{index}", item.start_mark, marks)


def parse(text: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    """The YAML document in `text` and {JSON pointer: (line, column)}; raises yaml.YAMLError."""
    loader = JsonschemaSafeLoader(text)
    try:
        root = loader.get_single_node()
        marks: dict[str, tuple[int, int]] = {"": (1, 1)}
        if root is None:
            return None, marks
        _record(loader, root, "", root.start_mark, marks)
        return loader.construct_document(root), marks
    finally:
        loader.dispose()


def yaml_error(exc: yaml.YAMLError) -> tuple[int | None, int | None, str]:
    """(line, column, message) of a YAML syntax error."""
    mark = getattr(exc, "problem_mark", None)
    message = f"invalid YAML: {getattr(exc, 'problem', None) or exc}"
    return (mark.line + 1, mark.column + 1, message) if mark is not None else (None, None, message)


class Documents:
    """Every file of one spec, each parsed once, with the position of each value."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[Any, dict[str, tuple[int, int]]]] = {}
        self._ref_files: dict[tuple[Path, str], Path] = {}

    def load(self, path: Path) -> Node:
        """The whole file at `path` as a Node; raises OSError or yaml.YAMLError."""
        if path not in self._files:
            path = Path(os.path.abspath(path))
        if path not in self._files:
            self._files[path] = parse(path.read_text(encoding="utf-8"))
        return Node(path, "", self._files[path][0])

    def position(self, file: Path, pointer: str) -> tuple[int, int] | None:
        """(line, column) of the value at `pointer`, or of its nearest ancestor that has one."""
        marks = self._files[file][1] if file in self._files else {}
        while pointer not in marks:
            if not pointer:
                return None
            pointer = pointer.rpartition("/")[0]
        return marks[pointer]

    def problem(self, rule: str, node: Node, message: str) -> Problem:
        """A problem of `rule` located at `node`."""
        line, column = self.position(node.file, node.pointer) or (None, None)
        return Problem(str(node.file), line, column, rule, message, node.pointer)

    def ref_file(self, node: Node) -> Path:
        """The file `node`'s $ref points into."""
        file_part = node.ref.partition("#")[0]
        if not file_part:
            return node.file
        key = (node.file, file_part)
        if key not in self._ref_files:
            # normpath, not resolve(): a realpath syscall per $ref would be most of a lint's time.
            self._ref_files[key] = Path(os.path.normpath(os.path.join(node.file.parent, unquote(file_part))))
        return self._ref_files[key]

    def target(self, node: Node) -> Node:
        """What `node`'s $ref points at (one step); raise RefError saying why it is not there."""
        file, fragment = self.ref_file(node), node.ref.partition("#")[2]
        try:
            current = self.load(file)
        except OSError:
            raise RefError("no such file") from None
        except yaml.YAMLError:
            raise RefError(f"{file.name} is not valid YAML") from None
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise RefError(f"the fragment {fragment!r} is not a JSON pointer")
        for segment in pointer.split("/")[1:]:
            key: Any = unescape(segment)
            if isinstance(current.value, list) and key.isdigit():
                key = int(key)
            try:
                current = current[key]
            except (KeyError, IndexError, TypeError):
                raise RefError(f"{file.name} has nothing at #{pointer}") from None
        return current

    def deref(self, node: Node) -> Node | None:
        """Follow `node`'s $ref chain to a value; None if it leads nowhere (no-unresolved-refs says why)."""
        seen: set[tuple[Path, str]] = set()
        while node.ref is not None:
            if (node.file, node.pointer) in seen:
                return None
            seen.add((node.file, node.pointer))
            try:
                node = self.target(node)
            except RefError:
                return None
        return node

    def follow(self, node: Node, path: Iterable[Any], *, literal: bool = False) -> Node:
        """The deepest node a logical path (as a validator reports it, through $refs) reaches.

        `literal` is for data such as example values, where a `$ref` key is not a reference.
        """
        for key in path:
            if not literal and key != "$ref":
                node = self.deref(node) or node
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return node
        return node if literal else self.deref(node) or node
