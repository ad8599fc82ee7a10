"""Run the checks against one target: preflight, discovery, then each selected group, into a Report.

Nothing stops the run but preflight (an unreachable server, a refused credential): a failed
discovery fails only the checks that need its data, and every check lists each distinct
violation it found (deduplicated by cause, capped, the rest counted).
"""

from __future__ import annotations

import importlib
import re
import time
from typing import Callable, Iterable
from urllib.parse import urlsplit

from contract_tests import discovery, preflight, properties, schema_checks
from contract_tests.http import Client
from contract_tests.options import GROUPS, MAX_VIOLATIONS_PER_CHECK, Profile
from contract_tests.properties.common import Context, Property, Violation
from contract_tests.report import CheckResult, Failure, Report
from contract_tests.spec import match
from contract_tests.target import Target

SKIPPED = {
    "isolation": "needs --other-token (and, for org, --other-tenant; for orq, --other-agent)",
    "auth.expired": "needs --expired-token (a credential of this server that has expired)",
}
"""Checks that run only when a flag gives them what they need, and that flag."""
_CURSORS = ("since", "starting_after", "ending_before")
_CUT = 400


def _cut(text: str) -> str:
    return text if len(text) <= _CUT else text[:_CUT] + "…"


def failure(ctx: Context, violation: Violation) -> Failure:
    """The report's entry for a violation: where it happened and the curl command that replays it."""
    exchange = violation.exchange
    api = ctx.target.api.id
    if exchange is None:
        return Failure(api, violation.check, "-", _cut(violation.expected), _cut(violation.got), "# no single request shows it")
    op = match(ctx.target.api.spec_path, urlsplit(exchange.url).path)
    return Failure(api, violation.check, op.label if op else exchange.url, _cut(violation.expected), _cut(violation.got), ctx.client.curl(exchange))


def _cause(ctx: Context, violation: Violation) -> tuple:
    """Violations with the same cause are one bug: by default the same rule, operation and expectation
    (ids and numbers aside: a gap after task 9 at limit 8 and after task 50 at limit 49 are one bug)."""
    if violation.cause is not None:
        return (violation.check, violation.cause)
    exchange = violation.exchange
    op = match(ctx.target.api.spec_path, urlsplit(exchange.url).path) if exchange is not None else None
    return (violation.check, op.label if op else "-", re.sub(r"[\w-]*\d[\w-]*", "#", violation.expected))


def _fold(ctx: Context, result: CheckResult, violations: list[Violation]) -> None:
    """Each distinct violation once, at most MAX_VIOLATIONS_PER_CHECK of them; the rest counted."""
    seen: set[tuple] = set()
    for violation in violations:
        key = _cause(ctx, violation)
        if key in seen:
            continue
        seen.add(key)
        if len(result.failures) < MAX_VIOLATIONS_PER_CHECK:
            result.failures.append(failure(ctx, violation))
        else:
            result.more += 1


def _run_property(ctx: Context, prop: Property, world: discovery.World, *, seed: int) -> CheckResult:
    result = CheckResult(api=ctx.target.api.id, check=prop.check)
    if ctx.discovery_failed and prop.group in discovery.NEEDS_TASKS:
        result.error = "not run: it needs the caller's tasks, and discovery failed (see the discovery row)"
        return result
    started, before = time.perf_counter(), ctx.client.requests
    outcome = properties.run(prop, ctx, seed=seed)
    result.examples = outcome.examples
    result.requests = ctx.client.requests - before
    result.seconds = time.perf_counter() - started
    _fold(ctx, result, outcome.violations)
    if not result.failures:
        if outcome.not_exercised:
            result.not_exercised = outcome.not_exercised
        elif prop.group in discovery.NEEDS_TASKS and world.tasks == 0:
            result.not_exercised = "the caller owns no task"
        elif result.requests == 0:
            result.not_exercised = "it made no request: nothing the discovered data lets it test"
    return result


def _run_schema(ctx: Context, *, seed: int, progress: Callable[[str], None]) -> CheckResult:
    module = importlib.import_module(f"contract_tests.properties.{ctx.target.api.id}")
    values, fixup = {}, None
    try:
        if not ctx.discovery_failed:
            values, fixup = module.path_values(ctx), module.positive_query(ctx)
    except Violation:
        pass
    if ctx.discovery_failed or fixup is None and ctx.target.api.id == "beeos":
        # No cursor the server issued is known: a made-up one is rightly refused, so send none.
        def fixup(query: dict) -> dict:
            return {k: v for k, v in query.items() if k not in _CURSORS}
    values = {k: v for k, v in values.items() if v}
    result = schema_checks.run(ctx.target, profile=ctx.profile, seed=seed, path_values=values, fixup=fixup, progress=progress)
    result.check = "schema"
    return result


def _guarded(check: str, run_check: Callable[[], CheckResult], api: str) -> CheckResult:
    """Run one check; anything it could not handle (a connection dropped mid-run) is that check's error, not a traceback."""
    try:
        return run_check()
    except Exception as exc:
        return CheckResult(api=api, check=check, error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:240] if str(exc) else ''}")


def _present(ctx: Context, props: list[Property]) -> set[str]:
    return {p.check for p in props} | {p.group for p in props}


def run(target: Target, *, profile: Profile, seed: int, only: Iterable[str] = GROUPS, strict: bool = False,
        progress: Callable[[str], None] = lambda _: None) -> Report:
    """Preflight, discovery, then every selected group against `target`; a failing check does not stop the others."""
    report = Report()
    client = Client(target.base_url, target.token, other_token=target.other_token, expired_token=target.expired_token)
    ctx = Context(target=target, client=client, profile=profile, strict=strict)
    api = target.api.id

    def note(message: str) -> None:
        progress(f"[{api}] {message}")

    def add(result: CheckResult) -> None:
        report.results.append(result)
        extra = f": {result.not_exercised}" if result.status == "not exercised" else ""
        note(f"{result.check}: {result.status}{extra} ({result.examples} examples, {result.requests} requests, {result.seconds:.1f}s)")

    try:
        checked, problem = preflight.run(target, client)
        add(checked)
        if problem is not None:
            report.stop = problem
            return report
        found, world = discovery.run(ctx, failure)
        add(found)
        props = properties.for_api(ctx)
        present = _present(ctx, props)
        selected = set(only)
        for group in (g for g in GROUPS if g in selected):
            if group == "schema":
                add(_guarded("schema", lambda: _run_schema(ctx, seed=seed, progress=note), api))
                continue
            for prop in (p for p in props if p.group == group):
                note(f"{prop.check}: {prop.name}")
                add(_guarded(prop.check, lambda prop=prop: _run_property(ctx, prop, world, seed=seed), api))
            for check, why in SKIPPED.items():
                if check.partition(".")[0] == group and check not in present:
                    add(CheckResult(api=api, check=check, skipped=why))
    finally:
        client.close()
    return report
