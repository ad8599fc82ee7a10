"""The files of a fixtures folder, shared by every API's loader: one task file, YAML read safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent_tasks.specs import YamlFileError, read_yaml
from mock.core.errors import FixtureError

TASK_FILES = ("tasks.yaml", "tasks.jsonl")
"""YAML for hand-written worlds, JSON lines for big generated ones."""


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


def yaml_task_records(path: Path) -> list[Any]:
    """The records under `tasks:` of a tasks.yaml file, in file order."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise FixtureError(str(path), "-", "tasks", "must be a mapping with a list under 'tasks'")
    return data["tasks"]
