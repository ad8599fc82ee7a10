"""Every default of the contract suite, in one place: profiles, budgets, timeouts, check groups."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_SEED = 0
REQUEST_TIMEOUT_S = 15.0
"""Per request: a real server may be slow, but a hung one must not hang CI."""
TOKEN_ENV = "AGENT_TASKS_TOKEN"
OTHER_TOKEN_ENV = "AGENT_TASKS_OTHER_TOKEN"
EXPIRED_TOKEN_ENV = "AGENT_TASKS_EXPIRED_TOKEN"
"""Curl commands name the credentials by these variables, so logs never hold a secret."""

GROUPS = ("schema", "pagination", "filters", "totals", "equivalence", "isolation", "documented", "auth", "errors")
"""Check groups, in the order they run; `--only` selects some of them."""

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_CREDENTIAL = 0, 1, 2, 3, 4
"""`agent-tasks test` exit status: all hold / a check failed (or, with --require-data, was not
exercised) / usage error / the server cannot be reached / the server refused a credential given."""

MAX_VIOLATIONS_PER_CHECK = 5
"""Distinct violations listed per check; the rest are counted (`… and N more`)."""
BODY_CHARS = 160
"""A response body in a failure line is cut to this many characters."""


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


PROFILES = {
    "fast": Profile(
        name="fast",
        schema_max_examples=15,
        schema_phases=("examples", "coverage", "fuzzing", "stateful"),
        property_examples=20,
        max_pages=25,
    ),
    "deep": Profile(
        name="deep",
        schema_max_examples=100,
        schema_phases=("examples", "coverage", "fuzzing", "stateful"),
        property_examples=60,
        max_pages=200,
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
