"""The project's own specs: unchanged or reordered they report nothing; a real change is found."""

import copy

import pytest

from agent_tasks.apis import APIS
from agent_tasks.diff import diff
from agent_tasks.diff.compare_paths import METHODS
from agent_tasks.diff.load import SpecSource, load_spec


def _reversed(node):
    """Every mapping and list in reverse order: the same contract, written differently."""
    if isinstance(node, dict):
        return {key: _reversed(value) for key, value in reversed(list(node.items()))}
    if isinstance(node, list):
        return [_reversed(value) for value in reversed(node)]
    return node


@pytest.mark.parametrize("api", APIS.values(), ids=list(APIS))
def test_own_spec_against_itself_reports_nothing(api):
    spec = load_spec(SpecSource(api.spec_path))
    assert diff(spec, spec) == []
    assert diff(spec, _reversed(spec)) == []


@pytest.mark.parametrize("api", APIS.values(), ids=list(APIS))
def test_own_spec_without_a_query_parameter_reports_its_removal(api):
    spec = load_spec(SpecSource(api.spec_path))
    head = copy.deepcopy(spec)
    expected = set()
    for path, item in head["paths"].items():
        for method in (m for m in METHODS if m in item):
            params = item[method].get("parameters") or []
            dropped = next(p for p in params if p["in"] == "query")
            params.remove(dropped)
            expected.add(("request-parameter-removed", f"{method.upper()} {path} query.{dropped['name']}"))
    assert {(c.rule_id, c.location) for c in diff(spec, head)} == expected
