"""Preflight through the CLI: an unreachable server or a refused credential is one line, its own exit status, and a JUnit file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from agent_tasks.cli import main
from contract_tests.options import EXIT_CREDENTIAL, EXIT_UNREACHABLE
from contract_tests.target import in_process_mock
from tests.mock.serve import free_port


@pytest.fixture(scope="module")
def beeos():
    with in_process_mock("beeos") as target:
        yield target


def _junit_error(path) -> tuple[str, str]:
    case = ET.parse(path).getroot().find("testsuite/testcase")
    return case.get("name"), case.find("error").get("message")


def test_an_unreachable_server_is_one_line_exit_3_and_a_junit_error(tmp_path, capsys):
    url = f"http://127.0.0.1:{free_port()}"
    junit = tmp_path / "contract.xml"
    status = main(["test", "--api", "beeos", "--base-url", url, "--token", "t", "--quiet", "--junit", str(junit)])
    err = capsys.readouterr().err
    assert status == EXIT_UNREACHABLE == 3
    assert err.count("\n") == 1 and f"cannot reach {url}" in err and "Traceback" not in err
    name, message = _junit_error(junit)
    assert name == "preflight" and "cannot reach" in message


def test_a_refused_token_is_named_and_nothing_else_runs(beeos, tmp_path, capsys):
    junit = tmp_path / "contract.xml"
    status = main(["test", "--api", "beeos", "--base-url", beeos.base_url, "--token", "oag_not_a_key_of_this_server", "--quiet", "--junit", str(junit)])
    captured = capsys.readouterr()
    assert status == EXIT_CREDENTIAL == 4
    assert captured.err.count("\n") == 1 and "refused --token" in captured.err
    assert captured.out == ""
    assert [c.get("name") for c in ET.parse(junit).getroot().iter("testcase")] == ["preflight"]


def test_a_refused_other_token_is_named_as_such(beeos, capsys):
    status = main(["test", "--api", "beeos", "--base-url", beeos.base_url, "--token", beeos.token, "--other-token", "oag_nobody", "--quiet"])
    assert status == EXIT_CREDENTIAL
    assert "refused --other-token" in capsys.readouterr().err
