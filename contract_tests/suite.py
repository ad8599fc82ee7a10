"""Run the check groups against one target, in order, and collect what failed into a Report."""

from __future__ import annotations

import importlib
import time
from typing import Callable, Iterable
from urllib.parse import urlsplit

from contract_tests import properties, schema_checks
from contract_tests.http import Client
from contract_tests.options import GROUPS, Profile
from contract_tests.properties.common import Context, Property, Violation
from contract_tests.report import Failure, GroupResult, Report
from contract_tests.spec import match
from contract_tests.target import Target

_WHY_SKIPPED = {
    "isolation": "needs --other-token (and, for org, --other-tenant; for orq, --other-agent)",
}


def _failure(ctx: Context, violation: Violation) -> Failure:
    exchange = violation.exchange
    if exchange is None:
        return Failure(ctx.target.api.id, violation.check, "-", violation.expected, violation.got, "# no single request shows it")
    op = match(ctx.target.api.spec_path, urlsplit(exchange.url).path)
    return Failure(ctx.target.api.id, violation.check, op.label if op else exchange.url, violation.expected, violation.got, ctx.client.curl(exchange))


def _run_properties(ctx: Context, group: str, props: list[Property], *, seed: int, progress: Callable[[str], None]) -> GroupResult:
    result = GroupResult(api=ctx.target.api.id, group=group)
    started, before = time.perf_counter(), ctx.client.requests
    for prop in props:
        progress(f"{group}: {prop.name}")
        examples, violation = properties.run(prop, ctx, seed=seed)
        result.examples += examples
        if violation is not None:
            result.failures.append(_failure(ctx, violation))
    result.requests = ctx.client.requests - before
    result.seconds = time.perf_counter() - started
    return result


def _run_schema(ctx: Context, *, seed: int, progress: Callable[[str], None]) -> GroupResult:
    module = importlib.import_module(f"contract_tests.properties.{ctx.target.api.id}")
    try:
        values, fixup = module.path_values(ctx), module.positive_query(ctx)
    except Violation:
        # The world could not be discovered (the properties report why); let Schemathesis draw ids.
        values, fixup = {}, None
    return schema_checks.run(ctx.target, profile=ctx.profile, seed=seed, path_values=values, fixup=fixup, progress=progress)


def run(target: Target, *, profile: Profile, seed: int, only: Iterable[str] = GROUPS, progress: Callable[[str], None] = lambda _: None) -> Report:
    """Every selected group against `target`; a group that fails does not stop the others."""
    report = Report()
    client = Client(target.base_url, target.token, other_token=target.other_token)
    ctx = Context(target=target, client=client, profile=profile)
    api = target.api.id
    try:
        props = properties.for_api(ctx)
        for group in (g for g in GROUPS if g in set(only)):
            def note(message: str) -> None:
                progress(f"[{api}] {message}")

            if group == "schema":
                result = _run_schema(ctx, seed=seed, progress=note)
            elif any(p.group == group for p in props):
                result = _run_properties(ctx, group, [p for p in props if p.group == group], seed=seed, progress=note)
            elif group in _WHY_SKIPPED:
                result = GroupResult(api=api, group=group, skipped=_WHY_SKIPPED[group])
            else:
                continue  # the API documents nothing this group checks (e.g. no totals in BeeOS)
            report.results.append(result)
            note(f"{group}: {result.status} ({result.examples} examples, {result.requests} requests, {result.seconds:.1f}s)")
    finally:
        client.close()
    return report
