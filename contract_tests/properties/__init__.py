"""Semantic properties checked with Hypothesis over HTTP only, and how one of them is run.

Every discovered agent and filter value is an explicit example (contract_tests.coverage).

A property runs all its examples even after a violation: every distinct bug of a server shows in
one run, not one per run. Examples that had nothing to test are counted, so a property that
tested nothing is reported as "not exercised" instead of passing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity, given, settings

from contract_tests.properties.common import Context, NotExercised, Property, Violation


def for_api(ctx: Context) -> list[Property]:
    """Every property of the target's API: its own, then the documented-behaviour, auth and error properties all APIs share."""
    from contract_tests import coverage
    from contract_tests.properties import auth, documented, errors

    own = importlib.import_module(f"contract_tests.properties.{ctx.target.api.id}")
    found = coverage.with_every_value(ctx, own.properties(ctx))
    ties = coverage.ties_property(ctx)
    at = next((i + 1 for i, p in reversed(list(enumerate(found))) if p.group == "pagination"), 0)
    found[at:at] = [ties] if ties else []
    return [*found, *documented.properties(ctx), *auth.properties(ctx), *errors.properties(ctx)]


@dataclass
class Outcome:
    """What one property's run found."""

    examples: int = 0
    violations: list[Violation] = field(default_factory=list)
    not_exercised: str | None = None
    """Why not one example had anything to test, or None."""


def _violations(exc: BaseException) -> list[Violation]:
    # Hypothesis wraps failures it could not replay (a flaky server) in an exception group.
    if isinstance(exc, Violation):
        return [exc]
    return [v for inner in getattr(exc, "exceptions", ()) for v in _violations(inner)]


def _own(prop: Property, violation: Violation) -> Violation:
    """A violation raised while a property read data for itself is filed under that property's group."""
    if not violation.check.startswith(prop.group + "."):
        violation.check = f"{prop.group}.{violation.check.partition('.')[2] or violation.check}"
    return violation


def run(prop: Property, ctx: Context, *, seed: int) -> Outcome:
    """Run `prop` for the profile's number of examples (its explicit ones first), collecting every violation."""
    outcome = Outcome()
    try:
        strategy, explicit = prop.examples(), prop.explicit()
    except NotExercised as skip:
        outcome.not_exercised = skip.reason
        return outcome
    except Violation as violation:
        outcome.violations.append(_own(prop, violation))
        return outcome
    phases = [Phase.explicit, Phase.generate]
    tested, reasons = 0, []

    @settings(
        max_examples=ctx.profile.property_examples,
        deadline=None,
        database=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
        verbosity=Verbosity.quiet,
    )
    @hypothesis.seed(seed)
    @given(strategy)
    def test(value) -> None:
        nonlocal tested
        outcome.examples += 1
        try:
            prop.test(value)
            tested += 1
        except NotExercised as skip:
            reasons.append(skip.reason)
        except Violation as violation:
            tested += 1
            outcome.violations.append(_own(prop, violation))

    for value in reversed(explicit):  # decorators apply inside out: keep the listed order
        test = hypothesis.example(value)(test)

    try:
        test()
    except Exception as exc:
        # Anything else is a response the property could not even read (a server answering garbage
        # a schema check let through, a dropped connection): report it, do not stop the run.
        found = _violations(exc) or [Violation(f"{prop.group}.error", "a response the property can read", f"{type(exc).__name__}: {str(exc)[:200]}")]
        outcome.violations += [_own(prop, v) for v in found]
    if not tested and not outcome.violations:
        outcome.not_exercised = reasons[0] if reasons else "no example could be drawn"
    return outcome
