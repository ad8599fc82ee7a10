"""One server with several bugs: one run lists every one of them, each under the check named for it."""

from __future__ import annotations

from agent_tasks.cli import main
from tests.broken import bugs_beeos, bugs_suite
from tests.broken.catalogue import Tokens
from tests.broken.harness import broken_mock

BUGS = [
    (bugs_beeos.cursor_skips_one, "pagination.no_gap"),
    (bugs_beeos.state_ignored, "filters.state"),
    (bugs_beeos.no_www_authenticate, "auth.challenge"),
    (bugs_beeos.crash_on_bad_limit, "errors.status"),
    (bugs_suite.default_limit_is_5, "documented.default"),
    (bugs_suite.expired_key_accepted, "auth.expired"),
]


def test_every_bug_of_a_server_shows_in_one_run(capsys):
    with broken_mock("beeos") as (app, target):
        app.bug = bugs_suite.several(*[make for make, _ in BUGS])(Tokens(mine=target.token, theirs=target.other_token))
        status = main(["test", "--api", "beeos", "--base-url", target.base_url, "--token", target.token,
                       "--other-token", target.other_token, "--expired-token", target.expired_token,
                       "--only", "pagination", "--only", "filters", "--only", "documented", "--only", "auth", "--only", "errors", "--quiet"])
    out = capsys.readouterr().out
    assert status == 1
    for _, check in BUGS:
        assert f"FAIL [beeos] {check} " in out, check


def test_a_violation_deep_in_a_big_body_names_the_field_in_a_short_line():
    from contract_tests import suite
    from contract_tests.options import PROFILES

    with broken_mock("beeos") as (app, target):
        app.bug = bugs_suite.one_deep_field_wrong(Tokens(mine=target.token, theirs=target.other_token))
        report = suite.run(target, profile=PROFILES["fast"], seed=0, only=["schema", "pagination", "errors"])
    lines = {f.check: f.lines()[0] for f in report.failures}
    assert set(lines) == {"discovery.response", "schema.response_schema_conformance"}, lines
    for line in lines.values():
        assert "data/tasks/3/task_id: 4 is not of type" in line and len(line) < 600, line
    # What needs the discovered tasks is in error; what does not still ran and passed.
    assert {r.check: r.status for r in report.results}["pagination"] == "ERROR"
    assert {r.check: r.status for r in report.results}["errors"] == "passed"
