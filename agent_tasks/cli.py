"""`agent-tasks`: one console script, one subcommand per tool. Each tool module adds its parser."""

from __future__ import annotations

import argparse
import importlib
import sys

import agent_tasks

# command -> the module whose `add_parser(subparsers)` defines it (and sets `func(args) -> int`).
_COMMANDS = {
    "lint": "agent_tasks.lint.cli",
    "diff": "agent_tasks.diff.cli",
    "docs": "agent_tasks.docs.cli",
    "bundle": "agent_tasks.docs.cli",
    "mock": "mock.cli",
    "fixtures": "mock.cli",
    "token": "mock.cli",
    "test": "contract_tests.cli",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of `command` (so `agent-tasks mock` skips lint's imports)."""
    parser = argparse.ArgumentParser(
        prog="agent-tasks", description="Specs, mock, contract tests and spec review for AI-agent task-list APIs."
    )
    parser.add_argument("--version", action="version", version=f"agent-tasks {agent_tasks.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if command == "--version":
        return parser  # no command module needs importing to print the version
    modules = [_COMMANDS[command]] if command in _COMMANDS else list(dict.fromkeys(_COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; Ctrl-C at any point is one line and exit status 130 (128 + SIGINT), no traceback."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser(argv[0] if argv else None).parse_args(argv)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("agent-tasks: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
