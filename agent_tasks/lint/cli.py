"""`agent-tasks lint [PATH ...]`: print one line per problem; exit 1 on any error, 2 on a usage error."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from agent_tasks.lint import UsageError, lint, targets
from agent_tasks.lint.config import ConfigError, load_rules
from agent_tasks.lint.external import ExternalLinterMissing, lint_external

_DESCRIPTION = """\
Lint the specs and fixtures: OpenAPI validity (openapi-spec-validator), examples and fixtures
against their schemas, and the rules reviewers rely on (ids after Spectral's `oas` and Redocly's
`recommended` rulesets). Configure severities in pyproject.toml under
[tool.agent-tasks.lint.rules], e.g. `operation-4xx-response = "warn"` (off | warn | error).
With --external, Redocly CLI (`recommended`, redocly.yaml) and Spectral (`spectral:oas`,
.spectral.yaml) lint each spec too (install them with `bash scripts/install-npm-tools`).
"""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `lint` subcommand."""
    parser = subparsers.add_parser("lint", help="lint the specs and fixtures", description=_DESCRIPTION)
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="a spec file, a spec/<api> or fixtures/<api> folder, or spec/ or fixtures/ "
        "(default: every API's spec and fixtures)",
    )
    parser.add_argument(
        "--config", type=Path, metavar="PATH",
        help="pyproject.toml with [tool.agent-tasks.lint.rules] (default: the nearest one above the current directory)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--external", action="store_true",
        help="also run Redocly CLI and Spectral on each spec (installed by scripts/install-npm-tools)",
    )
    parser.add_argument(
        "--max-warnings", type=int, metavar="N", default=None,
        help="exit 1 when there are more than N warnings (default: warnings never fail)",
    )
    parser.set_defaults(func=func)
    return parser


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "no problems"
    return f"{_count(errors + warnings, 'problem')} ({_count(errors, 'error')}, {_count(warnings, 'warning')})"


def func(args: argparse.Namespace) -> int:
    """Run the lint; 0 if no error-level problem, 1 if any, 2 on a bad path or configuration."""
    try:
        problems = lint(*args.paths, rules=load_rules(args.config))
        if args.external:
            specs = [path for kind, path, _ in targets(args.paths) if kind == "spec"]
            problems = sorted(problems + lint_external(specs, _root(args.config)), key=lambda p: p.sort_key())
    except (UsageError, ConfigError, ExternalLinterMissing) as exc:
        print(f"agent-tasks lint: {exc}", file=sys.stderr)
        return 2
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if args.format == "json":
        report = {"problems": [p.to_dict() for p in problems], "errors": errors, "warnings": warnings}
        print(json.dumps(report, indent=2))
    else:
        cwd = Path.cwd()
        for problem in problems:
            print(problem.format(relative_to=cwd))
        print(_summary(errors, warnings))
    too_many_warnings = args.max_warnings is not None and warnings > args.max_warnings
    if too_many_warnings and args.format == "text":
        print(f"more than {_count(args.max_warnings, 'warning')} allowed (--max-warnings)")
    return 1 if errors or too_many_warnings else 0


def _root(config: Path | None) -> Path:
    """The repository whose redocly.yaml, .spectral.yaml and tools/npm apply: the config's folder,
    else the nearest folder above the current one holding pyproject.toml."""
    if config is not None:
        return config.resolve().parent
    here = Path.cwd().resolve()
    return next((folder for folder in (here, *here.parents) if (folder / "pyproject.toml").is_file()), here)
