"""The files of a fixtures folder, shared by every API's loader: one task file, YAML read safely, atomic writes.

Big generated worlds write tasks.yaml with one record a line in JSON flow style
(`- {"tenant": ..., "task": {...}}`, see FLOW_ABOVE and `flow_task_file`): plain YAML, which
mock.core.flow_yaml reads as fast as jsonl; mock.core.task_records reads every layout.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

import orjson
import yaml

from agent_tasks.specs import YamlFileError, read_yaml
from mock.core.errors import FixtureError
from mock.core.flow_yaml import yaml_may_differ

TASK_FILES = ("tasks.yaml", "tasks.jsonl")
"""YAML for hand-written worlds, JSON lines for big generated ones."""

FLOW_ABOVE = 2000
"""`fixtures generate` writes tasks.yaml in block style up to this many tasks per API (readable, like
the built-in world) and one JSON flow record a line above it (read ~50x faster: mock.core.flow_yaml)."""


def tasks_file(fixtures_dir: Path) -> Path:
    """The one task file of `fixtures_dir` (tasks.yaml or tasks.jsonl; both or neither is a FixtureError)."""
    found = [Path(fixtures_dir) / name for name in TASK_FILES if (Path(fixtures_dir) / name).is_file()]
    if len(found) != 1:
        problem = "both exist; keep one" if found else "neither exists"
        where = str(Path(fixtures_dir) / "tasks.{yaml,jsonl}")
        raise FixtureError(where, "-", "-", f"expected exactly one of {', '.join(TASK_FILES)}: {problem}")
    return found[0]


def load_yaml(path: Path) -> Any:
    """A fixture YAML file, or a FixtureError naming its file, line and column."""
    try:
        return read_yaml(path)
    except YamlFileError as exc:
        raise FixtureError(str(path), "-", "-", f"not valid YAML: {exc}") from None
    except yaml.YAMLError as exc:  # e.g. a character YAML refuses (a ReaderError has no line to name)
        raise FixtureError(str(path), "-", "-", f"not valid YAML: {exc}") from None


def flow_task_file(header: str, json_lines: Iterator[str]) -> Iterator[str]:
    """The text of a flow-layout tasks.yaml: `header` (comments), `tasks:`, then `- <line>` per record."""
    yield header
    yield "# One record a line in JSON flow style (still YAML): a big world loads in a fraction of the time.\n"
    yield "tasks:\n"
    for line in json_lines:
        line = line.rstrip("\n")
        if yaml_may_differ(line.encode()):  # e.g. 9e-05, which YAML 1.1 reads as a string
            line = yaml_json(orjson.loads(line))
        yield f"- {line}\n"


def yaml_json(value: Any) -> str:
    """JSON text of `value` whose floats YAML 1.1 reads as floats too (`9.0e-05`, not `9e-05`)."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{yaml_json(k)}:{yaml_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(map(yaml_json, value)) + "]"
    if isinstance(value, float) and "e" in repr(value):
        mantissa, _, exponent = repr(value).partition("e")
        return f"{mantissa if '.' in mantissa else mantissa + '.0'}e{exponent if exponent[0] in '+-' else '+' + exponent}"
    return json.dumps(value, ensure_ascii=False)


@contextmanager
def written_atomically(target: Path, mode: str = "w") -> Iterator[IO]:
    """A file handle whose content replaces `target` only when the block ends without an exception.

    An interrupted `fixtures generate` (Ctrl-C) leaves the previous file or none, never half a world.
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")  # open() keeps the umask's mode
    try:
        with open(partial, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n") as fh:
            yield fh
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
