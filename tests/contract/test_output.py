"""What a CI log gets: two-line failures whose curl replays the request without printing a secret, a table, JUnit."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract_tests.http import curl, hide_secrets
from contract_tests.options import TOKEN_ENV
from contract_tests.properties.auth import bad_credentials, fixed_credentials
from contract_tests.report import CheckResult, Failure, Report

TOKENS = ["oag_demo_alice_main_NOT_A_SECRET", "demo-org-key-quant", "orq-demo-key-acme",
          "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfZGVtb19hbGljZSIsImV4cCI6NDEwMjQ0NDgwMH0.c2lnbmF0dXJlLW9mLXRoaXMtdG9rZW4tMDEyMzQ1Njc4OWFi"]


def test_a_curl_command_names_the_token_by_its_variable():
    command = curl("GET", "http://127.0.0.1:1/api/v1/tasks?limit=1", {"Authorization": f"Bearer {TOKENS[0]}"}, {TOKENS[0]: TOKEN_ENV})
    assert TOKENS[0] not in command
    assert command == f"curl -sS -i 'http://127.0.0.1:1/api/v1/tasks?limit=1' -H \"Authorization: Bearer ${{{TOKEN_ENV}}}\""


def test_schemathesis_code_samples_are_requoted_so_the_shell_expands_the_variable():
    sample = f"curl -X GET -H 'Authorization: Bearer {TOKENS[1]}' 'http://127.0.0.1:1/x'"
    assert hide_secrets(sample, {TOKENS[1]: TOKEN_ENV}) == f"curl -X GET -H \"Authorization: Bearer ${{{TOKEN_ENV}}}\" 'http://127.0.0.1:1/x'"


def _expand(shown: str, token: str) -> str:
    return subprocess.run(["bash", "-c", f'printf %s "{shown}"'], env={TOKEN_ENV: token, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("token", TOKENS, ids=["oag", "org", "orq", "jwt"])
def test_a_forged_credential_is_shown_as_shell_words_that_rebuild_it(token):
    for what, header, shown in fixed_credentials(token):
        if header is None:
            continue
        if token[4:-4] in header:  # derived from the secret: never printed as such
            assert token[4:-4] not in shown, what
        assert _expand(shown, token) == header, what


@given(st.sampled_from(TOKENS).flatmap(lambda t: st.tuples(st.just(t), bad_credentials(token=t))))
def test_no_bad_credential_is_the_token(pair):
    token, (_, header, _) = pair
    assert header != f"Bearer {token}"


def _report() -> Report:
    failure = Failure("beeos", "pagination.no_gap", "GET /api/v1/tasks", "task 3 is tsk_b", "tsk_c (limit 2)", "curl -sS -i 'http://127.0.0.1:1/api/v1/tasks'")
    return Report([CheckResult("beeos", "pagination", examples=5, requests=9, seconds=1.25, failures=[failure], more=2),
                   CheckResult("beeos", "filters", examples=3, requests=0, not_exercised="the caller owns no task"),
                   CheckResult("beeos", "isolation", skipped="needs --other-token")])


def test_a_failure_is_two_lines_ending_with_its_curl_command():
    first, second = _report().failures[0].lines()
    assert first == "FAIL [beeos] pagination.no_gap (GET /api/v1/tasks): expected task 3 is tsk_b; got tsk_c (limit 2)"
    assert second.strip().startswith("curl ")


def test_violations_beyond_the_cap_are_counted(capsys):
    _report().write_failures()
    assert "… and 2 more distinct violation(s) of [beeos] pagination not listed" in capsys.readouterr().out


def test_the_summary_table_has_a_row_per_check_a_total_and_what_was_not_tested():
    rows = _report().summary_table().splitlines()
    assert rows[0].split() == ["api", "check", "status", "examples", "requests", "failures", "seconds"]
    assert rows[2].split() == ["beeos", "pagination", "FAILED", "5", "9", "3", "1.2"]
    assert rows[3].split()[:4] == ["beeos", "filters", "not", "exercised"]
    assert rows[4].split()[:3] == ["beeos", "isolation", "skipped"]
    assert rows[6].split() == ["all", "FAILED", "8", "9", "3", "1.2"]
    assert rows[7:] == ["not exercised: [beeos] filters: the caller owns no task", "skipped: [beeos] isolation: needs --other-token"]


def test_junit_has_a_testcase_per_check_typed_failures_and_skips(tmp_path):
    path = tmp_path / "out" / "junit.xml"
    _report().write_junit(path)
    suite = ET.parse(path).getroot().find("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("beeos", "3", "1", "2")
    failing, unexercised, skipped = suite.findall("testcase")
    assert failing.get("name") == "pagination" and failing.find("failure").get("type") == "pagination.no_gap"
    assert "curl" in failing.find("failure").text
    assert unexercised.find("skipped").get("message") == "not exercised: the caller owns no task"
    assert skipped.find("skipped").get("message") == "needs --other-token"
