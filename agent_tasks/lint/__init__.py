"""`agent-tasks lint`: the rules reviewers rely on, over every spec and fixtures dir.

    from agent_tasks.lint import lint
    problems = lint("spec/orq", "fixtures/orq", rules={"info-contact": "off"})

Each problem names its rule, severity, file and line (inside the referenced file of a split spec).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from agent_tasks.apis import APIS
from agent_tasks.lint import rules_components, rules_document, rules_examples, rules_operations, rules_structure
from agent_tasks.lint.config import DEFAULT_RULES
from agent_tasks.lint.documents import Documents, yaml_error
from agent_tasks.lint.problem import Problem
from agent_tasks.lint.walk import Spec

__all__ = ["Problem", "UsageError", "lint", "lint_fixtures", "lint_spec", "targets"]

_SPEC_CHECKS = (
    rules_structure.check_struct,
    rules_structure.check_refs,
    rules_components.check,
    *rules_operations.CHECKS,
    *rules_document.CHECKS,
    rules_examples.check,
)


class UsageError(Exception):
    """A path that is neither a spec nor a fixtures dir."""


def lint_spec(path: Path) -> list[Problem]:
    """Every problem of the spec at `path` (an openapi.yaml), before severities are applied."""
    docs = Documents()
    try:
        root = docs.load(path)
    except OSError as exc:
        return [Problem(os.path.abspath(path), None, None, "struct", f"cannot read the spec: {exc.strerror or exc}")]
    except yaml.YAMLError as exc:
        line, column, message = yaml_error(exc)
        return [Problem(os.path.abspath(path), line, column, "struct", message)]
    if not isinstance(root.value, dict):
        return [docs.problem("struct", root, "not an OpenAPI document (the top level is not a mapping)")]
    spec = Spec(docs, root)
    wrong_version = rules_structure.version_problem(spec)
    if wrong_version is not None:
        return [wrong_version]
    return [problem for check in _SPEC_CHECKS for problem in check(spec)]


def lint_fixtures(api_id: str, fixtures_dir: Path) -> list[Problem]:
    """The first problem the `api_id` domain package finds loading `fixtures_dir`, if any."""
    import mock

    mock.ensure_ours()  # PyPI's `mock` backport shares the name
    from agent_tasks.lint import rules_fixtures

    return rules_fixtures.check(api_id, fixtures_dir)


def targets(paths: Iterable[str | Path]) -> list[tuple[str, Path, str | None]]:
    """What to lint, as ("spec", openapi.yaml, None) and ("fixtures", dir, api id).

    No paths means every API's spec and fixtures. A folder holding openapi.yaml is a spec; a folder
    named after an API is that API's fixtures; a folder of such folders (spec/, fixtures/) is each.
    """
    paths = list(paths)
    if not paths:
        return [("spec", api.spec_path, None) for api in APIS.values()] + [
            ("fixtures", api.fixtures_dir, api.id) for api in APIS.values()
        ]
    found: list[tuple[str, Path, str | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.append(("spec", path, None))
        elif (path / "openapi.yaml").is_file():
            found.append(("spec", path / "openapi.yaml", None))
        elif path.is_dir() and path.name in APIS:
            found.append(("fixtures", path, path.name))
        elif path.is_dir() and any((path / api).is_dir() for api in APIS):
            found.extend(targets(path / api for api in APIS if (path / api).is_dir()))
        elif path.exists():
            raise UsageError(f"{raw}: not a spec file, a spec/<api> folder or a fixtures/<api> folder")
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return found


def lint(*paths: str | Path, rules: Mapping[str, str] | None = None) -> list[Problem]:
    """Every problem in `paths` (default: every API's spec and fixtures), sorted, severities applied.

    `rules` overrides DEFAULT_RULES ({rule id: "off" | "warn" | "error"}); "off" rules are dropped.
    """
    severities = {**DEFAULT_RULES, **(rules or {})}
    found: dict[Problem, None] = {}  # an ordered set: a shared component's problem is reported once
    for kind, path, api in targets(paths):
        problems = lint_spec(path) if kind == "spec" else lint_fixtures(api, path)
        for problem in problems:
            severity = severities[problem.rule]
            if severity != "off":
                found.setdefault(dataclasses.replace(problem, severity=severity))
    return sorted(found, key=Problem.sort_key)
