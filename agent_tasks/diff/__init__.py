"""`agent-tasks diff`: what changed between two versions of an OpenAPI 3.0 spec, and what breaks.

Public API: `diff(base_doc, head_doc)` over fully dereferenced documents (see `load.load_spec`),
returning `Change`s with oasdiff-style rule ids and a level (breaking, warning, info).
"""

from __future__ import annotations

from agent_tasks.diff.compare_paths import compare_paths
from agent_tasks.diff.rules import LEVELS, RULES, Change


def diff(base_doc: dict, head_doc: dict) -> list[Change]:
    """Every client-visible change from `base_doc` to `head_doc`, most severe first."""
    changes: list[Change] = []
    compare_paths(base_doc, head_doc, changes)
    return sorted(changes, key=lambda c: (LEVELS.index(c.level), c.location, c.rule_id, c.message))


__all__ = ["Change", "LEVELS", "RULES", "diff"]
