"""`agent-tasks`: one console script, one subcommand per tool. Each tool module adds its parser."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each module exposes `add_parser(subparsers)`; the parser it adds sets `func(args) -> int`.
_COMMAND_MODULES = (
    "agent_tasks.lint.cli",
    "agent_tasks.diff.cli",
    "agent_tasks.docs.cli",
    "mock.cli",
    "contract_tests.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-tasks", description="Specs, mock, contract tests and spec review for AI-agent task-list APIs."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
