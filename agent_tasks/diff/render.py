"""Render a list of changes as text (terminals), Markdown (PR comments) or JSON (tools)."""

from __future__ import annotations

import json
from typing import Callable

from agent_tasks.diff.rules import BREAKING, LEVELS, Change


def summary(changes: list[Change]) -> dict[str, int]:
    """How many changes there are of each level, most severe first."""
    return {level: sum(1 for c in changes if c.level == level) for level in LEVELS}


def _summary_line(changes: list[Change]) -> str:
    counts = ", ".join(f"{count} {level}" for level, count in summary(changes).items())
    return f"{len(changes)} change{'' if len(changes) == 1 else 's'}: {counts}"


def render_text(changes: list[Change], base: str, head: str) -> str:
    """One line per change (level, location, message, rule id), then a count per level."""
    lines = [f"{base} -> {head}"]
    width = max(map(len, LEVELS))
    lines += [f"{c.level:<{width}}  {c.location}: {c.message} [{c.rule_id}]" for c in changes]
    lines.append(_summary_line(changes) if changes else "No changes.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(changes: list[Change], base: str, head: str) -> str:
    """A heading, the counts and a table: ready to post as a pull-request comment."""
    lines = [f"### API changes: `{base}` → `{head}`", ""]
    if not changes:
        return "\n".join([*lines, "No changes."]) + "\n"
    lines += [_summary_line(changes), "", "| Level | Location | Change | Rule |", "|---|---|---|---|"]
    for c in changes:
        level = f"**{c.level}**" if c.level == BREAKING else c.level
        lines.append(f"| {level} | `{_cell(c.location)}` | {_cell(c.message)} | `{c.rule_id}` |")
    return "\n".join(lines) + "\n"


def render_json(changes: list[Change], base: str, head: str) -> str:
    """`{base, head, summary, changes: [{rule_id, level, location, message}]}`."""
    report = {"base": base, "head": head, "summary": summary(changes), "changes": [c.as_dict() for c in changes]}
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[list[Change], str, str], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
