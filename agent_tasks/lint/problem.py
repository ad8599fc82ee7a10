"""One lint finding: which rule, how severe, and exactly where (file, line:col, JSON pointer)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from jsonschema.exceptions import ValidationError


def shorten(text: str, width: int = 240) -> str:
    """Validator messages quote whole instances; keep a problem on one readable line."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def explain(
    error: ValidationError, *, irrelevant: Callable[[ValidationError], bool] = lambda cause: False
) -> list[ValidationError]:
    """The errors behind a oneOf/anyOf failure: those of the branch the value came closest to.

    "{...} is not valid under any of the given schemas" tells a reader nothing; for an org list
    response the closest branch says `count: 'zero' is not of type 'integer'`. Branches with an
    `irrelevant` error are ignored (the meta-schema's "or a Reference" branch, for one).
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[object, list[ValidationError]] = {}
    for cause in error.context:
        branches.setdefault(cause.relative_schema_path[0], []).append(cause)
    relevant = [causes for causes in branches.values() if not any(irrelevant(c) for c in causes)]
    if not relevant:
        return [error]
    return [deeper for cause in min(relevant, key=len) for deeper in explain(cause, irrelevant=irrelevant)]


@dataclass(frozen=True)
class Problem:
    """One finding of one rule; `file` is absolute, `line`/`column` are 1-based when known."""

    file: str
    line: int | None
    column: int | None
    rule: str
    message: str
    pointer: str = ""
    """Where in `file` the problem is, as a JSON pointer ("" for the whole file or unknown)."""
    severity: str = "error"
    """Either "error" or "warn": rules report "error", and the configuration decides."""

    @property
    def location(self) -> str:
        """`line:col` when the line is known, else the JSON pointer (possibly empty)."""
        if self.line is not None:
            return f"{self.line}:{self.column or 1}"
        return f"#{self.pointer}" if self.pointer else ""

    def format(self, *, relative_to: Path | None = None) -> str:
        """`file:line:col: severity rule: message`, with `file` relative to `relative_to` if inside it."""
        shown = self.file
        if relative_to is not None:
            relative = os.path.relpath(self.file, relative_to)
            if not relative.startswith(".."):
                shown = relative
        where = self.location
        if where.startswith("#"):
            where = f"{shown}{where}"
        else:
            where = f"{shown}:{where}" if where else shown
        return f"{where}: {self.severity} {self.rule}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)

    def to_dict(self) -> dict:
        return asdict(self)
