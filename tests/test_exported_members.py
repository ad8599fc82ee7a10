"""Pin the public surface: the CLI's commands and options, the API registry, the plugin contract.

A change here is a change for users (scripts, CI pipelines, plugin authors): make it on purpose.
"""

import argparse
import dataclasses

from agent_tasks.apis import APIS
from agent_tasks.cli import build_parser
from mock.core.plugin import ApiPlugin

COMMANDS = {
    "lint": (["paths"], ["--config", "--external", "--format", "--max-warnings"]),
    "diff": (["base", "head"], ["--api", "--fail-on", "--format", "--spec"]),
    "docs": ([], ["--api", "--out"]),
    "bundle": ([], ["--api", "--dereference", "--format", "--out"]),
    "mock": ([], ["--admin-cors-origin", "--admin-token", "--api", "--cors-origin", "--cursor-secret", "--fixtures", "--host",
                  "--jwt-secret", "--log-format", "--no-cache", "--port", "--quiet", "--reload", "--validate-responses",
                  "--workers"]),
    "fixtures": (["fixtures_command"], []),
    "token": ([], ["--any-owner", "--expires-in", "--fixtures", "--jwt-secret", "--owner"]),
    "test": ([], ["--agent", "--api", "--base-url", "--expired-token", "--junit", "--only", "--other-agent", "--other-tenant",
                  "--other-token", "--profile", "--quiet", "--require-data", "--seed", "--strict", "--tenant", "--token"]),
}


def _surface(parser: argparse.ArgumentParser) -> tuple[list[str], list[str]]:
    positional = [a.dest for a in parser._actions if not a.option_strings]
    options = sorted(o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help")
    return positional, options


def test_cli_commands_and_options():
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert {name: _surface(parser) for name, parser in sub.choices.items()} == COMMANDS


def test_api_registry():
    assert {api.id: api.base_path for api in APIS.values()} == {"beeos": "/api/v1", "orq": "/v2", "org": "/api/v3"}


def test_plugin_contract():
    assert [f.name for f in dataclasses.fields(ApiPlugin)] == [
        "id", "schema_sql", "load_world", "authenticate", "operations",
        "create_task", "update_task", "delete_task", "generate", "demo_credentials",
    ]
