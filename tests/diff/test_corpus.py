"""The before/after corpus: each case's report is exactly its expected.json, nothing more or less."""

import json
from pathlib import Path

import pytest

from agent_tasks.diff import RULES, diff
from agent_tasks.diff.load import SpecSource, load_spec

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())

# What the issue asks the report to cover, as the rule ids that cover it.
REQUIRED_RULES = {
    "api-path-removed-without-deprecation", "api-removed-without-deprecation", "endpoint-added",
    "request-parameter-removed", "new-required-request-parameter", "new-optional-request-parameter",
    "request-parameter-renamed", "request-parameter-moved", "request-parameter-enum-value-removed",
    "request-parameter-enum-value-added", "request-parameter-max-decreased", "request-parameter-min-increased",
    "request-parameter-max-length-decreased", "request-parameter-pattern-added", "request-parameter-type-changed",
    "request-parameter-default-value-changed", "response-required-property-removed",
    "response-property-became-optional", "response-property-enum-value-added", "response-property-became-nullable",
    "response-success-status-removed", "api-security-removed", "response-body-one-of-added",
}


def _spec(case: str, side: str) -> Path:
    single = CORPUS / case / f"{side}.yaml"
    return single if single.is_file() else CORPUS / case / side / "openapi.yaml"


def _expected(case: str) -> list[dict]:
    return json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8"))["changes"]


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exactly_what_is_expected(case):
    base, head = load_spec(SpecSource(_spec(case, "base"))), load_spec(SpecSource(_spec(case, "head")))
    assert [change.as_dict() for change in diff(base, head)] == _expected(case)


def test_corpus_covers_every_required_rule_and_wire_neutral_refactors():
    expected = {case: _expected(case) for case in CASES}
    assert len(expected) >= 40
    covered = {change["rule_id"] for changes in expected.values() for change in changes}
    assert REQUIRED_RULES <= covered, sorted(REQUIRED_RULES - covered)
    assert covered <= RULES.keys()
    silent = {case for case, changes in expected.items() if not changes}
    assert {"nothing-component-renamed", "nothing-reordered", "multifile-component-moved"} <= silent
