"""The suite passes against the mock, in-process (default) and live on a port (`--strict`), for every API (fast profile)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from agent_tasks.apis import APIS
from agent_tasks.cli import main
from contract_tests import suite
from contract_tests.options import PROFILES
from contract_tests.target import in_process_mock, mock_target
from tests.mock.serve import serving


def _failures(report) -> str:
    return "\n".join(line for failure in report.failures for line in failure.lines())


@pytest.mark.parametrize("api", list(APIS))
def test_in_process(api):
    with in_process_mock(api) as target:
        report = suite.run(target, profile=PROFILES["fast"], seed=0)
    assert report.ok, _failures(report)
    assert {r.group for r in report.results if not r.skipped} >= {"schema", "pagination", "filters", "isolation", "documented", "auth", "errors"}
    assert not report.unexercised, [r.check for r in report.unexercised]


@pytest.fixture(scope="module")
def live_mock():
    """`agent-tasks mock` as its own process, serving every API, for the whole module."""
    with serving() as base_url:
        yield base_url


@pytest.mark.parametrize("api", list(APIS))
def test_live_on_a_port_through_the_cli(api, live_mock, tmp_path, capsys):
    target = mock_target(api, live_mock)
    args = ["test", "--api", api, "--base-url", live_mock, "--token", target.token, "--other-token", target.other_token,
            "--expired-token", target.expired_token, "--strict", "--require-data", "--quiet"]
    if api == "org":
        args += ["--tenant", target.tenant, "--other-tenant", target.other_tenant]
    if api == "orq":
        args += ["--agent", target.agent, "--other-agent", target.other_agent]
    junit = tmp_path / "contract.xml"
    status = main([*args, "--junit", str(junit)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "every check holds" in out
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == [api]
    assert suites[0].get("failures") == "0" and suites[0].get("skipped") == "0" and int(suites[0].get("tests")) >= 10
