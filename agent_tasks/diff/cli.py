"""`agent-tasks diff BASE HEAD`: report the changes between two versions of a spec."""

from __future__ import annotations

import argparse
import sys

from agent_tasks.apis import APIS
from agent_tasks.diff import diff
from agent_tasks.diff.load import LoadError, load_spec, parse_source, repository_spec
from agent_tasks.diff.render import RENDERERS
from agent_tasks.diff.rules import BREAKING, LEVELS, WARNING

_EPILOG = """\
BASE and HEAD are each a spec file, REV:PATH (PATH relative to the current directory), or a git
revision of the spec named by --spec or --api. Examples:
  agent-tasks diff --api orq main HEAD
  agent-tasks diff HEAD~1:spec/org/openapi.yaml spec/org/openapi.yaml --format markdown

exit status: 0 no change at or above --fail-on, 1 such a change, 2 a spec could not be loaded.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the `diff` subcommand to the `agent-tasks` parser."""
    parser = sub.add_parser(
        "diff", help="report breaking and other changes between two versions of a spec",
        description=__doc__, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("base", help="the old version: FILE, REV:PATH or REV")
    parser.add_argument("head", help="the new version: FILE, REV:PATH or REV")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--spec", metavar="PATH", help="the spec a bare revision refers to")
    which.add_argument("--api", choices=list(APIS), help="shorthand for --spec spec/<api>/openapi.yaml of the git repository here")
    parser.add_argument("--format", choices=tuple(RENDERERS), default="text", help="default %(default)s")
    parser.add_argument("--fail-on", choices=(BREAKING, WARNING, "never"), default=BREAKING,
                        help="exit 1 if a change of this level or worse is found (default %(default)s)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load both sides, print the report, and return the exit status."""
    try:
        spec = str(repository_spec(args.api)) if args.api else args.spec
        base, head = parse_source(args.base, spec), parse_source(args.head, spec)
        changes = diff(load_spec(base), load_spec(head))
    except LoadError as exc:
        print(f"agent-tasks diff: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(RENDERERS[args.format](changes, str(base), str(head)))
    if args.fail_on == "never":
        return 0
    threshold = LEVELS.index(args.fail_on)
    return 1 if any(LEVELS.index(c.level) <= threshold for c in changes) else 0
