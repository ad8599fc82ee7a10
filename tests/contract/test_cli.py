"""`agent-tasks test`: usage errors exit 2 before any request; profiles come from the flag or HYPOTHESIS_PROFILE."""

from __future__ import annotations

import pytest

from agent_tasks.cli import build_parser, main
from contract_tests.options import default_profile


@pytest.mark.parametrize(
    "args, message",
    [
        (["--token", "t"], "need --base-url"),
        (["--base-url", "http://127.0.0.1:9", "--api", "beeos"], "needs --token"),
        (["--base-url", "http://127.0.0.1:9", "--token", "t"], "exactly one --api"),
        (["--base-url", "http://127.0.0.1:9", "--api", "org", "--token", "t"], "org needs --tenant"),
        (["--base-url", "http://127.0.0.1:9", "--api", "orq", "--token", "t"], "orq needs --agent"),
        (["--base-url", "http://127.0.0.1:9", "--api", "org", "--token", "t", "--tenant", "a", "--other-token", "u"], "--other-tenant"),
        (["--base-url", "http://127.0.0.1:9", "--api", "orq", "--token", "t", "--agent", "a", "--other-token", "u"], "--other-agent"),
    ],
)
def test_usage_errors_exit_2_and_say_what_is_missing(args, message, capsys):
    assert main(["test", *args]) == 2
    assert message in capsys.readouterr().err


def test_the_test_command_is_registered_with_its_options():
    args = build_parser().parse_args(["test", "--api", "orq", "--profile", "deep", "--seed", "7", "--only", "auth", "--only", "errors"])
    assert (args.api, args.profile, args.seed, args.only) == (["orq"], "deep", 7, ["auth", "errors"])


@pytest.mark.parametrize("value, profile", [("fast", "fast"), ("deep", "deep"), ("DEEP", "deep"), ("", "fast")])
def test_hypothesis_profile_takes_the_names_of_the_profile_flag(value, profile, monkeypatch):
    monkeypatch.setenv("HYPOTHESIS_PROFILE", value)
    assert default_profile() == profile


@pytest.mark.parametrize("value", ["ci", "dev", "anything"])
def test_another_hypothesis_profile_name_is_a_usage_error_unless_the_flag_decides(value, monkeypatch, capsys):
    monkeypatch.setenv("HYPOTHESIS_PROFILE", value)
    assert main(["test", "--api", "org", "--only", "totals", "--quiet"]) == 2
    assert f"HYPOTHESIS_PROFILE={value!r} is not a profile; use fast or deep" in capsys.readouterr().err
