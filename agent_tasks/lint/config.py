"""Which lint rules run and how severe each is: defaults here, overridden in pyproject.toml.

    [tool.agent-tasks.lint.rules]
    operation-4xx-response = "warn"    # "off", "warn" (printed, exit 0) or "error" (exit 1)

Rule ids follow Spectral's `oas` and Redocly's `recommended` rulesets where one exists.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

SEVERITIES = ("off", "warn", "error")

DEFAULT_RULES: dict[str, str] = {
    # Structure: the document is OpenAPI 3.0 that tools can load.
    "struct": "error",
    "no-unresolved-refs": "error",
    "no-$ref-siblings": "error",
    "no-unused-components": "error",
    # Operations.
    "operation-operationId": "error",
    "operation-operationId-unique": "error",
    "operation-summary": "error",
    "operation-description": "error",
    "operation-tags": "error",
    "operation-tag-defined": "error",
    "operation-2xx-response": "error",
    "operation-4xx-response": "error",
    "security-defined": "error",
    "parameter-description": "error",
    "path-parameters-defined": "error",
    "no-ambiguous-paths": "error",
    # Document.
    "info-description": "error",
    "info-contact": "warn",
    "tag-description": "warn",
    "oas3-api-servers": "error",
    # Examples and fixtures.
    "oas3-valid-media-example": "error",
    "oas3-valid-schema-example": "error",
    "fixture-valid": "error",
}

_TABLE = "[tool.agent-tasks.lint.rules]"


class ConfigError(Exception):
    """An unreadable pyproject or a rule table naming an unknown rule or severity."""


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml in `start` or one of its parents."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder / "pyproject.toml"
    return None


def load_rules(config: Path | None = None, *, start: Path | None = None) -> dict[str, str]:
    """{rule id: severity}: the defaults overridden by `config` (or the pyproject found from `start`, default cwd)."""
    path = Path(config) if config is not None else find_pyproject((start or Path.cwd()).resolve())
    rules = dict(DEFAULT_RULES)
    if path is None:
        return rules
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    table = data.get("tool", {}).get("agent-tasks", {}).get("lint", {}).get("rules", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {_TABLE} must be a table")
    for rule, severity in table.items():
        if rule not in DEFAULT_RULES:
            raise ConfigError(f"{path}: {_TABLE} names unknown rule {rule!r}; known: {', '.join(DEFAULT_RULES)}")
        if severity not in SEVERITIES:
            raise ConfigError(f"{path}: {_TABLE} {rule} = {severity!r}; use one of {', '.join(SEVERITIES)}")
        rules[rule] = severity
    return rules
