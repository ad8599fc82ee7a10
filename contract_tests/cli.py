"""`agent-tasks test`: run the contract suite against a server (or the built-in mock) and exit 0 only if everything holds."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path
from typing import Iterator

from agent_tasks.apis import APIS, get_api
from contract_tests.options import (
    DEFAULT_SEED, EXIT_FAILED, EXIT_OK, EXIT_USAGE, EXPIRED_TOKEN_ENV, GROUPS, OTHER_TOKEN_ENV, PROFILES, TOKEN_ENV, default_profile,
)
from contract_tests.report import Report
from contract_tests.target import Target

_EPILOG = f"""
Without --base-url the built-in mock is started in-process and every API given (default: all) is
tested with its demo credentials. With --base-url, name one API and give its credentials: --token
(a caller's), --tenant for org (the caller's organisation id), --agent for orq (an agent key of the
caller's workspace, ideally one with many tasks). --other-token (with --other-tenant for org,
--other-agent for orq) adds the tenant isolation checks.

Before any check, a preflight asks the server once per credential; discovery then reads the
caller's tasks once. Each distinct violation is two lines: what was expected and what came back,
then a curl command. Curl commands name credentials as ${{{TOKEN_ENV}}}, ${{{OTHER_TOKEN_ENV}}}
and ${{{EXPIRED_TOKEN_ENV}}}: export them to replay. A check with nothing to test is "not
exercised" (with --require-data that fails the run).

Exit status: 0 every check holds; 1 a check failed (or, with --require-data, was not
exercised); 2 usage error; 3 the server cannot be reached; 4 the server refused a credential.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add `test` to the `agent-tasks` subcommands."""
    parser = sub.add_parser("test", help="contract-test a server (or the built-in mock) against the specs", description=__doc__, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", action="append", choices=list(APIS), help="which API (repeatable without --base-url; default all)")
    parser.add_argument("--base-url", help="the server to test, e.g. https://staging.example.com (default: the built-in mock)")
    parser.add_argument("--token", help="bearer credential of the calling tenant")
    parser.add_argument("--other-token", help="bearer credential of another tenant: enables the isolation checks")
    parser.add_argument("--expired-token", help="a credential of this server that has expired: enables auth.expired (it must get 401)")
    parser.add_argument("--tenant", help="org: the calling organisation's id")
    parser.add_argument("--other-tenant", help="org: the other organisation's id")
    parser.add_argument("--agent", help="orq: an agent key of the calling workspace")
    parser.add_argument("--other-agent", help="orq: an agent key of the other workspace")
    parser.add_argument("--profile", choices=list(PROFILES), default=None, help="fast (CI) or deep; default from HYPOTHESIS_PROFILE (fast|deep), else fast")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same requests (default %(default)s)")
    parser.add_argument("--only", action="append", choices=list(GROUPS), help="run only these check groups (repeatable)")
    parser.add_argument("--strict", action="store_true", help="also check the mock's own choices the published contracts do not make (unknown parameters refused, validation before lookup, an error attribute in every challenge)")
    parser.add_argument("--require-data", action="store_true", help="fail the run when a check is not exercised (the target lacks the data it needs)")
    parser.add_argument("--junit", type=Path, help="also write a JUnit XML report here (written even when the server cannot be reached)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.set_defaults(func=_run)


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.base_url is None:
        given = [f"--{n.replace('_', '-')}" for n in ("token", "other_token", "expired_token", "tenant", "other_tenant", "agent", "other_agent") if getattr(args, n)]
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
            expired_token=args.expired_token,
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
        return EXIT_USAGE
    profile = PROFILES[args.profile or default_profile()]

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    report = Report()
    started = time.perf_counter()
    stop = None
    with _targets(args) as targets:
        for target in targets:
            progress(f"[{target.api.id}] testing {target.base_url} (profile {profile.name}, seed {args.seed}{', strict' if args.strict else ''})")
            one = suite.run(target, profile=profile, seed=args.seed, only=args.only or GROUPS, strict=args.strict, progress=progress)
            report.results += one.results
            stop = stop or one.stop
    if args.junit:
        report.write_junit(args.junit)
    if stop is not None:
        print(f"agent-tasks test: {stop.message}", file=sys.stderr)
        return stop.exit_status
    return _summarise(report, args, time.perf_counter() - started)


def _summarise(report: Report, args: argparse.Namespace, seconds: float) -> int:
    """Print every violation, the table and the verdict; the exit status."""
    report.write_failures(sys.stdout)
    print(("\n" if not report.ok else "") + report.summary_table())
    unexercised = len(report.unexercised)
    if not report.ok:
        print(f"{len(report.failures) + sum(r.more for r in report.results)} violation(s), {len(report.errors)} check(s) in error ({seconds:.1f}s)")
        return EXIT_FAILED
    if unexercised and args.require_data:
        print(f"{unexercised} check(s) not exercised, and --require-data is set ({seconds:.1f}s)")
        return EXIT_FAILED
    print(f"every check holds{f' ({unexercised} not exercised)' if unexercised else ''} ({seconds:.1f}s)")
    return EXIT_OK
