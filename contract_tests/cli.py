"""`agent-tasks test`: run the contract suite against a server (or the built-in mock) and exit 0 only if everything holds."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path
from typing import Iterator

from agent_tasks.apis import APIS, get_api
from contract_tests.options import DEFAULT_SEED, GROUPS, OTHER_TOKEN_ENV, PROFILES, TOKEN_ENV, default_profile
from contract_tests.report import Report
from contract_tests.target import Target

_EPILOG = f"""
Without --base-url the built-in mock is started in-process and every API given (default: all) is
tested with its demo credentials. With --base-url, name one API and give its credentials: --token
(a caller's), --tenant for org (the caller's organisation id), --agent for orq (an agent key of the
caller's workspace, ideally one with many tasks). --other-token (with --other-tenant for org,
--other-agent for orq) adds the tenant isolation checks.

Each failure is two lines: what was expected and what came back, then a curl command. Curl
commands name credentials as ${{{TOKEN_ENV}}} and ${{{OTHER_TOKEN_ENV}}}: export them to replay.
Exit status: 0 when every check holds, 1 when one fails, 2 on a usage error.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add `test` to the `agent-tasks` subcommands."""
    parser = sub.add_parser("test", help="contract-test a server (or the built-in mock) against the specs", description=__doc__, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", action="append", choices=list(APIS), help="which API (repeatable without --base-url; default all)")
    parser.add_argument("--base-url", help="the server to test, e.g. https://staging.example.com (default: the built-in mock)")
    parser.add_argument("--token", help="bearer credential of the calling tenant")
    parser.add_argument("--other-token", help="bearer credential of another tenant: enables the isolation checks")
    parser.add_argument("--tenant", help="org: the calling organisation's id")
    parser.add_argument("--other-tenant", help="org: the other organisation's id")
    parser.add_argument("--agent", help="orq: an agent key of the calling workspace")
    parser.add_argument("--other-agent", help="orq: an agent key of the other workspace")
    parser.add_argument("--profile", choices=list(PROFILES), default=None, help="fast (CI) or deep; default from HYPOTHESIS_PROFILE (fast|deep), else fast")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same requests (default %(default)s)")
    parser.add_argument("--only", action="append", choices=list(GROUPS), help="run only these check groups (repeatable)")
    parser.add_argument("--junit", type=Path, help="also write a JUnit XML report here")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.set_defaults(func=_run)


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.base_url is None:
        given = [f"--{n.replace('_', '-')}" for n in ("token", "other_token", "tenant", "other_tenant", "agent", "other_agent") if getattr(args, n)]
        return f"{', '.join(given)} need --base-url (the built-in mock uses its demo credentials)" if given else None
    if not args.api or len(args.api) != 1:
        return "with --base-url, name exactly one --api"
    if not args.token:
        return "--base-url needs --token"
    api = args.api[0]
    if api == "org" and not args.tenant:
        return "org needs --tenant (the organisation the token belongs to)"
    if api == "orq" and not args.agent:
        return "orq needs --agent (an agent key of the token's workspace)"
    if args.other_token and api == "org" and not args.other_tenant:
        return "org's isolation checks need --other-tenant with --other-token"
    if args.other_token and api == "orq" and not args.other_agent:
        return "orq's isolation checks need --other-agent with --other-token"
    return None


@contextlib.contextmanager
def _targets(args: argparse.Namespace) -> Iterator[Iterator[Target]]:
    if args.base_url is not None:
        yield iter([Target(
            api=get_api(args.api[0]), base_url=args.base_url, token=args.token, other_token=args.other_token,
            tenant=args.tenant, other_tenant=args.other_tenant, agent=args.agent, other_agent=args.other_agent,
        )])
        return
    from contract_tests.target import in_process_mock

    def each() -> Iterator[Target]:
        for api in args.api or list(APIS):
            with in_process_mock(api) as target:
                yield target

    yield each()


def _run(args: argparse.Namespace) -> int:
    from contract_tests import suite

    problem = _usage_problem(args)
    if not problem and not args.profile:
        try:
            default_profile()
        except ValueError as exc:
            problem = str(exc)
    if problem:
        print(f"agent-tasks test: {problem}", file=sys.stderr)
        return 2
    profile = PROFILES[args.profile or default_profile()]

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    report = Report()
    started = time.perf_counter()
    with _targets(args) as targets:
        for target in targets:
            progress(f"[{target.api.id}] testing {target.base_url} (profile {profile.name}, seed {args.seed})")
            report.results += suite.run(target, profile=profile, seed=args.seed, only=args.only or GROUPS, progress=progress).results
    report.write_failures(sys.stdout)
    print(("\n" if report.failures else "") + report.summary_table())
    print(f"{len(report.failures)} failed check(s) in {time.perf_counter() - started:.1f}s" if report.failures else f"every check holds ({time.perf_counter() - started:.1f}s)")
    if args.junit:
        report.write_junit(args.junit)
    return 0 if report.ok else 1
