"""The spec and the domain agree: its 200 examples are real answers, its status schema is the domain's list."""

from __future__ import annotations

import itertools
import re
from urllib.parse import parse_qsl

import pytest
from jsonschema import Draft4Validator

from agent_tasks.specs import load_bundled
from mock.orq.queries import list_agent_tasks
from mock.orq.rules import SPEC_PATH, STATUSES
from tests.orq.conftest import principal

_REQUEST = re.compile(r"\(/v2/agents/([^/?]+)/tasks(?:\?([^)]*))?\)")


def _operation() -> dict:
    return load_bundled(SPEC_PATH)["paths"]["/v2/agents/{agent_key}/tasks"]["get"]


def _success_examples() -> dict:
    return _operation()["responses"]["200"]["content"]["application/json"]["examples"]


@pytest.mark.parametrize("name", list(_success_examples()))
def test_each_success_example_is_what_the_default_world_answers_acme(default_world, name):
    example = _success_examples()[name]
    request = _REQUEST.search(example["summary"])
    assert request, f"{name}: the summary must show the request, e.g. (/v2/agents/<key>/tasks?limit=3)"
    params = dict(parse_qsl(request.group(2) or ""))
    if "limit" in params:
        params["limit"] = float(params["limit"])
    assert list_agent_tasks(default_world, principal("acme"), agent_key=request.group(1), **params) == example["value"]


def test_the_status_schema_is_the_published_enum_or_a_comma_list_of_the_domains_statuses():
    schema = next(p for p in _operation()["parameters"] if p["name"] == "status")["schema"]
    # The first branch is the published enum (what generated clients turn into a type), exactly the domain's.
    assert schema["anyOf"][0]["enum"] == list(STATUSES)
    validator = Draft4Validator(schema)
    for size in range(1, len(STATUSES) + 1):
        for words in itertools.permutations(STATUSES, size):
            assert validator.is_valid(",".join(words))
    for bad in ("", "done", "errored,", ",errored", "errored, inactive", "Errored", "errored;inactive", "errored,done"):
        assert not validator.is_valid(bad), bad
