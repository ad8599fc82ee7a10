"""The catalogue of deliberately broken servers: each is the real mock with one bug real servers have."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tests.broken import bugs_beeos, bugs_org, bugs_orq, bugs_suite
from tests.broken.rewrite import Bug


@dataclass(frozen=True)
class Tokens:
    """The credentials a bug may use: the caller's (first demo tenant) and another tenant's."""

    mine: str
    theirs: str


@dataclass(frozen=True)
class Entry:
    """One broken server: its bug and the check that must catch it."""

    name: str
    api: str
    catches: str
    """The check of this suite that must report it."""
    bug: str
    """What is wrong, in a few words (the benchmark prints it)."""
    make: Callable[[Tokens], Bug]
    strict: bool = False
    """Caught only with `--strict`: the published contract allows it, the mock's choice does not."""

    @property
    def group(self) -> str:
        return self.catches.partition(".")[0]


STRICT_ONLY = {"beeos-unknown-parameters-ignored", "orq-both-cursors-accepted"}
"""Bugs of the mock's own choices (docs/decisions.md, issue 10): a real server may behave so."""


def _entries(module, api: str) -> list[Entry]:
    # Each module lists (bug factory, check that catches it); the factory's docstring says what is wrong.
    # A third item names another API than the module's.
    found = []
    for make, catches, *other in module.BUGS:
        where = other[0] if other else api
        name = f"{where}-{make.__name__.replace('_', '-').removeprefix(where + '-')}"
        found.append(Entry(name, where, catches, " ".join(make.__doc__.split()), make, name in STRICT_ONLY))
    return found


CATALOGUE: tuple[Entry, ...] = tuple(_entries(bugs_beeos, "beeos") + _entries(bugs_orq, "orq") + _entries(bugs_org, "org") + _entries(bugs_suite, "beeos"))
"""The last entries break what the framework itself must show (preflight, discovery, defaults, expiry)."""

