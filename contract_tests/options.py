"""Every default of the contract suite, in one place: profiles, budgets, timeouts, check groups."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_SEED = 0
REQUEST_TIMEOUT_S = 15.0
"""Per request: a real server may be slow, but a hung one must not hang CI."""
TOKEN_ENV = "AGENT_TASKS_TOKEN"
OTHER_TOKEN_ENV = "AGENT_TASKS_OTHER_TOKEN"
"""Curl commands name the credentials by these variables, so logs never hold a secret."""

GROUPS = ("schema", "pagination", "filters", "totals", "equivalence", "isolation", "auth", "errors")
"""Check groups, in the order they run; `--only` selects some of them."""


@dataclass(frozen=True)
class Profile:
    """How hard the suite tries: more examples find rarer bugs and cost time."""

    name: str
    schema_max_examples: int
    """Schemathesis examples per operation and phase."""
    schema_phases: tuple[str, ...]
    property_examples: int
    """Hypothesis examples per semantic property."""
    max_pages: int
    """Longest walk a property asks for: limits too small for the world are not drawn."""
    shrink: bool
    """Shrinking re-walks the list many times; worth it only when a human will read the example."""


PROFILES = {
    "fast": Profile(
        name="fast",
        schema_max_examples=15,
        schema_phases=("examples", "coverage", "fuzzing", "stateful"),
        property_examples=20,
        max_pages=25,
        shrink=False,
    ),
    "deep": Profile(
        name="deep",
        schema_max_examples=100,
        schema_phases=("examples", "coverage", "fuzzing", "stateful"),
        property_examples=60,
        max_pages=200,
        shrink=True,
    ),
}

PROFILE_ENV = "HYPOTHESIS_PROFILE"
"""Hypothesis users know this variable; it takes the same names as `--profile` (fast, deep)."""


def default_profile() -> str:
    """The profile named by HYPOTHESIS_PROFILE, `fast` when it is unset or empty; ValueError for
    any other name (a silent fallback would run `fast` where `deep` was meant)."""
    value = os.environ.get(PROFILE_ENV, "").strip().lower()
    if not value:
        return "fast"
    if value not in PROFILES:
        raise ValueError(f"{PROFILE_ENV}={value!r} is not a profile; use {' or '.join(PROFILES)} (or --profile, which wins)")
    return value
