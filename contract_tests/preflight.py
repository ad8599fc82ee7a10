"""Preflight: before any check, is the server there, and does it accept each credential we were given?

Without this, an unreachable URL is a traceback and a rejected token is a run of identical,
mislabelled failures. One request per credential, to the first operation whose path the target
can fill in (BeeOS `/api/v1/tasks`, orq's `--agent`, org's `--tenant`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from contract_tests.http import Client
from contract_tests.options import EXIT_CREDENTIAL, EXIT_UNREACHABLE
from contract_tests.report import CheckResult
from contract_tests.spec import operations
from contract_tests.target import Target


@dataclass(frozen=True)
class Problem:
    """Why the run cannot go on: one line for the log, and the exit status it ends with."""

    message: str
    exit_status: int


def probe_path(target: Target) -> str:
    """The path of the first operation whose path parameters the target names (its agent, its organisation)."""
    known = {"agent_key": target.agent, "organisation": target.tenant, "organization": target.tenant}
    ops = sorted(operations(target.api.spec_path), key=lambda op: len(op.path_parameters))
    for op in ops:
        if all(known.get(name) for name in op.path_parameters):
            return op.render(**{name: known[name] for name in op.path_parameters})
    return ops[0].path


def _credentials(target: Target) -> list[tuple[str, str, str | None]]:
    """(flag, token, path) of each credential the caller says is valid."""
    found = [("--token", target.token, None)]
    if target.other_token:
        other = Target(api=target.api, base_url=target.base_url, token=target.other_token, agent=target.other_agent, tenant=target.other_tenant)
        found.append(("--other-token", target.other_token, probe_path(other)))
    return found


def run(target: Target, client: Client) -> tuple[CheckResult, Problem | None]:
    """One request per credential; the `preflight` result, and the problem that stops the run (or None)."""
    result = CheckResult(api=target.api.id, check="preflight")
    started, before = time.perf_counter(), client.requests
    problem = None
    try:
        for flag, token, path in _credentials(target):
            exchange = client.get(path or probe_path(target), token=token)
            result.examples += 1
            if exchange.status in (401, 403):
                problem = Problem(f"the server refused {flag} ({exchange.summary(100)}): check the credential, and that it belongs to this server", EXIT_CREDENTIAL)
                break
    except httpx.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problem = Problem(f"cannot reach {target.base_url}: {reason} ({type(exc).__name__})", EXIT_UNREACHABLE)
    result.requests = client.requests - before
    result.seconds = time.perf_counter() - started
    if problem is not None:
        result.error = problem.message
    return result, problem
