"""Semantic properties checked with Hypothesis over HTTP only, and how one of them is run."""

from __future__ import annotations

import importlib

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity, given, settings

from contract_tests.properties.common import Context, Property, Violation


def for_api(ctx: Context) -> list[Property]:
    """Every property of the target's API: its own, then the auth and error properties all APIs share."""
    from contract_tests.properties import auth, errors

    own = importlib.import_module(f"contract_tests.properties.{ctx.target.api.id}")
    return [*own.properties(ctx), *auth.properties(ctx), *errors.properties(ctx)]


def _first_violation(exc: BaseException) -> Violation | None:
    # Hypothesis wraps a failure it could not replay (a flaky server) in an exception group.
    if isinstance(exc, Violation):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        found = _first_violation(inner)
        if found is not None:
            return found
    return None


def run(prop: Property, ctx: Context, *, seed: int) -> tuple[int, Violation | None]:
    """Run `prop` for the profile's number of examples; return (examples run, first violation or None)."""
    examples = 0
    try:
        strategy, explicit = prop.examples(), prop.explicit()
    except Violation as violation:
        return examples, violation
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if ctx.profile.shrink else [])

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
        nonlocal examples
        examples += 1
        prop.test(value)

    for value in reversed(explicit):  # decorators apply inside out: keep the listed order
        test = hypothesis.example(value)(test)

    try:
        test()
    except Exception as exc:
        # Anything else is a response the property could not even read (a server answering garbage
        # a schema check let through, a dropped connection): report it, do not stop the run.
        violation = _first_violation(exc) or Violation(f"{prop.group}.error", "a response the property can read", f"{type(exc).__name__}: {exc}")
        return examples, violation
    return examples, None
