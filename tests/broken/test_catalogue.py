"""Every broken server of the catalogue fails the suite, and the check that catches it is the one we name."""

from __future__ import annotations

import contextlib

import pytest

from contract_tests.options import GROUPS
from tests.broken.catalogue import CATALOGUE, Entry
from tests.broken.harness import broken_mock, run_against


@pytest.fixture(scope="module")
def mocks():
    """One mock per API for the whole module, started on first use: bugs are switched, not servers."""
    with contextlib.ExitStack() as stack:
        started = {}

        def get(api: str):
            if api not in started:
                started[api] = stack.enter_context(broken_mock(api))
            return started[api]

        yield get


def _explain(report) -> str:
    return "\n".join(line for failure in report.failures for line in failure.lines()) or "no check failed"


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_the_named_check_catches_it(entry: Entry, mocks):
    app, target = mocks(entry.api)
    report = run_against(app, target, entry, groups=[entry.group])
    assert entry.catches in report.failed_checks(), _explain(report)


@pytest.mark.slow
@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_the_whole_suite_fails(entry: Entry, mocks):
    app, target = mocks(entry.api)
    report = run_against(app, target, entry, groups=GROUPS)
    assert not report.ok and entry.catches in report.failed_checks(), _explain(report)


def test_the_catalogue_covers_every_property():
    covered = {e.catches.partition(".")[0] for e in CATALOGUE}
    assert covered == set(GROUPS) | {"preflight", "discovery"}
    assert {e.api for e in CATALOGUE} == {"beeos", "orq", "org"}
    assert len({e.name for e in CATALOGUE}) == len(CATALOGUE)
