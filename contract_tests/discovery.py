"""Discovery: read the caller's world once (tasks, agents, filter values), before the checks that need it.

It is its own step with its own row in the report, so a server whose task list cannot be read
fails *discovery* once, instead of every group with the same line. The checks that do not need
the data (auth, errors, schema) still run; the ones that do report an error naming this step.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from typing import Callable

from contract_tests.properties.common import Context, Violation
from contract_tests.report import CheckResult

NEEDS_TASKS = ("pagination", "filters", "totals", "equivalence", "isolation")
"""Groups that test nothing when the caller has no task."""


@dataclass
class World:
    """What discovery found: how many tasks (None when unknown) and the ids worth naming."""

    tasks: int | None = None
    agents: list[str] = field(default_factory=list)
    complete: bool = True
    """False when the list is longer than the profile's page budget (only a prefix was read)."""

    def describe(self) -> str:
        if self.tasks is None:
            return "nothing could be read"
        more = "+" if not self.complete else ""
        agents = f", {len(self.agents)} agent(s)" if self.agents else ""
        return f"{self.tasks}{more} task(s){agents}"


def _read(ctx: Context) -> World:
    api = ctx.target.api.id
    module = importlib.import_module(f"contract_tests.properties.{api}")
    if api == "beeos":
        walked = module.reference(ctx, state=module.ALL)
        return World(len(walked.items), module.agents(ctx), walked.complete)
    if api == "orq":
        walked = module.reference(ctx, status=None)
        return World(len(walked.items), [ctx.target.agent] if ctx.target.agent else [], walked.complete)
    tasks = module._everything(ctx)
    agents = sorted({t.get("assignedAgentId") for t in tasks if t.get("assignedAgentId")})
    return World(len(tasks), agents, len(tasks) < module._largest(ctx))


def run(ctx: Context, failure: Callable) -> tuple[CheckResult, World]:
    """Read the world; on a violation the `discovery` result fails with it and `ctx.discovery_failed` says why."""
    result = CheckResult(api=ctx.target.api.id, check="discovery")
    started, before = time.perf_counter(), ctx.client.requests
    world = World()
    try:
        world = _read(ctx)
        result.examples = 1
    except Violation as violation:
        violation.check = f"discovery.{violation.check.partition('.')[2] or 'response'}"
        result.failures.append(failure(ctx, violation))
        ctx.discovery_failed = f"{violation.check}: expected {violation.expected}; got {violation.got}"[:300]
    except Exception as exc:  # a body the walk could not even read: still one line, never a traceback
        ctx.discovery_failed = f"the task list could not be read ({type(exc).__name__}: {str(exc)[:120]})"
        result.error = ctx.discovery_failed
    if world.tasks == 0:
        result.not_exercised = "the caller owns no task: the checks that need tasks test nothing (see README, 'What a target needs')"
    result.requests = ctx.client.requests - before
    result.seconds = time.perf_counter() - started
    return result, world

