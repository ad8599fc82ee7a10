"""The suite against BeeOS, orq and org servers written from the published contracts, not from the mock.

By default it passes (it follows ../shared/reference/beeos.md and the seeds); with --strict it
fails exactly where it makes another choice than the mock; a tenant with no tasks is reported
as not exercised, which --require-data turns into a failure.
"""

from __future__ import annotations

import pytest

from agent_tasks.apis import get_api
from agent_tasks.cli import main
from contract_tests import suite
from contract_tests.options import PROFILES
from contract_tests.target import Target, serve
from tests.independent import beeos, org, orq


@pytest.fixture(scope="module")
def url():
    with serve(beeos.app) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def org_url():
    with serve(org.app) as base_url:
        yield base_url


def _org(url: str, token: str = "qc-alpha-token", tenant: str = "alpha-co") -> Target:
    return Target(api=get_api("org"), base_url=url, token=token, tenant=tenant, other_token="qc-beta-token", other_tenant="beta-co", expired_token="qc-alpha-2020")


def _target(url: str, token: str = "ind-river-key") -> Target:
    return Target(api=get_api("beeos"), base_url=url, token=token, other_token="ind-lake-key", expired_token="ind-river-2019")


def _explain(report) -> str:
    return "\n".join(line for failure in report.failures for line in failure.lines()) + "\n" + report.summary_table()


def test_it_passes_by_default(url):
    report = suite.run(_target(url), profile=PROFILES["fast"], seed=0)
    assert report.ok, _explain(report)
    assert not report.unexercised, _explain(report)


def test_strict_fails_it_where_it_chose_otherwise_than_the_mock(url):
    report = suite.run(_target(url), profile=PROFILES["fast"], seed=0, strict=True, only=["auth", "errors"])
    # No error attribute without credentials; unknown parameters ignored; lookup before validation.
    assert report.failed_checks() == {"auth.challenge_error", "errors.status"}, _explain(report)
    unknown = [f for f in report.failures if "unknown parameter" in f.expected]
    before_lookup = [f for f in report.failures if "nonexistent" in f.expected and "404" in f.got]
    assert unknown and before_lookup, _explain(report)


def test_a_tenant_without_tasks_is_not_exercised_and_require_data_fails_it(url, capsys):
    args = ["test", "--api", "beeos", "--base-url", url, "--token", "ind-empty-key", "--only", "pagination", "--only", "filters", "--quiet"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "not exercised: [beeos] pagination: the caller owns no task" in out
    assert "every check holds (4 not exercised)" in out
    assert main([*args, "--require-data"]) == 1
    assert "not exercised, and --require-data is set" in capsys.readouterr().out


def test_the_org_server_passes_by_default_and_fails_strict_where_it_differs(org_url):
    report = suite.run(_org(org_url), profile=PROFILES["fast"], seed=0)
    assert report.ok and not report.unexercised, _explain(report)
    strict = suite.run(_org(org_url), profile=PROFILES["fast"], seed=0, strict=True, only=["auth", "errors"])
    assert strict.failed_checks() == {"auth.challenge_error", "errors.status"}, _explain(strict)


def test_an_org_without_tasks_is_not_exercised(org_url):
    report = suite.run(_org(org_url, "qc-empty-token", "empty-co"), profile=PROFILES["fast"], seed=0, only=["pagination", "filters", "totals"])
    assert report.ok, _explain(report)
    assert {r.check for r in report.unexercised} == {"discovery", "pagination", "pagination.ties", "filters", "totals"}


def _orq(url: str, token: str = "orq-ind-north", agent: str = "planner") -> Target:
    return Target(api=get_api("orq"), base_url=url, token=token, agent=agent, other_token="orq-ind-south", other_agent="southie", expired_token="orq-ind-north-2024")


def test_the_orq_server_passes_by_default_and_fails_strict_where_it_differs():
    with serve(orq.app) as url:
        report = suite.run(_orq(url), profile=PROFILES["fast"], seed=0)
        strict = suite.run(_orq(url), profile=PROFILES["fast"], seed=0, strict=True, only=["auth", "errors"])
        empty = suite.run(_orq(url, "orq-ind-empty", "lonely"), profile=PROFILES["fast"], seed=0, only=["pagination", "filters", "totals"])
    assert report.ok and not report.unexercised, _explain(report)
    assert strict.failed_checks() == {"auth.challenge_error", "errors.status"}, _explain(strict)
    assert empty.ok and {r.check for r in empty.unexercised} == {"discovery", "pagination", "filters", "totals"}, _explain(empty)
