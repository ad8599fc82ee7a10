"""spec/org: valid OpenAPI, examples that validate, three response shapes a validator tells apart."""

from __future__ import annotations

import re

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from agent_tasks.specs import load_bundled, read_yaml

from .conftest import SPEC, list_tasks, principal

_OPERATION = load_bundled(SPEC)["paths"]["/api/v3/organizations/{organisation}/ai/tasks"]["get"]
_SHAPES = ("TaskListResponse", "DependentTaskIdsResponse", "DependentTasksResponse")


def _validator(schema: dict) -> OAS30Validator:
    return OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)


def _shapes_matching(body: dict) -> list[str]:
    branches = _OPERATION["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"]
    return [name for name, branch in zip(_SHAPES, branches) if _validator(branch).is_valid(body)]


def test_the_spec_is_valid_openapi_3_0_3():
    spec, base_uri = read_from_filename(str(SPEC))
    validate(spec, base_uri=base_uri)
    assert spec["openapi"] == "3.0.3"


def test_every_component_file_is_registered_under_its_own_name_and_used():
    components = read_yaml(SPEC)["components"]
    registered = {
        f"components/{kind}/{name}.yaml"
        for kind, entries in components.items()
        if kind != "securitySchemes"
        for name, entry in entries.items()
        if entry == {"$ref": f"components/{kind}/{name}.yaml"}
    }
    files = {str(p.relative_to(SPEC.parent)) for p in (SPEC.parent / "components").rglob("*.yaml")}
    assert registered == files
    reached = _files_reached_from(read_yaml(SPEC)["paths"], SPEC)
    used = {str(p.relative_to(SPEC.parent)) for p in reached}
    assert used >= files, f"unused: {sorted(files - used)}"


def _files_reached_from(node, base, seen=None) -> set:
    """Every file an external $ref under `node` (in file `base`) leads to, transitively."""
    seen = set() if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref and not ref.startswith("#"):
            target = (base.parent / ref.partition("#")[0]).resolve()
            if target not in seen:
                seen.add(target)
                _files_reached_from(read_yaml(target), target, seen)
        for value in node.values():
            _files_reached_from(value, base, seen)
    elif isinstance(node, list):
        for value in node:
            _files_reached_from(value, base, seen)
    return seen


def test_the_operation_keeps_the_seeds_text_without_its_artefacts():
    description = _OPERATION["description"]
    for phrase in ("Filter Examples:", "Reverse Dependency Lookup:", "?taskListId=world-1&status=pending",
                   "Returns task IDs only (lightweight)", "reverse chronological order (most recent first)"):
        assert phrase in description
    assert " * " not in description
    assert all(p.get("description") for p in _OPERATION["parameters"])


@pytest.mark.parametrize("status", ["200", "400", "401", "404", "500"])
def test_every_documented_status_has_examples_that_validate(status):
    content = _OPERATION["responses"][status]["content"]["application/json"]
    assert content["examples"], status
    for name, example in content["examples"].items():
        errors = [e.message for e in _validator(content["schema"]).iter_errors(example["value"])]
        assert errors == [], name


@pytest.mark.parametrize(
    ("example", "shape"),
    [("RecentTasks", "TaskListResponse"), ("NoTasks", "TaskListResponse"), ("DependentTaskIds", "DependentTaskIdsResponse"),
     ("NoDependentTasks", "DependentTaskIdsResponse"), ("DependentTasks", "DependentTasksResponse")],
)
def test_each_200_example_matches_exactly_one_shape(example, shape):
    value = _OPERATION["responses"]["200"]["content"]["application/json"]["examples"][example]["value"]
    assert _shapes_matching(value) == [shape]


def test_the_domain_answers_in_exactly_one_documented_shape_each(default_world, records):
    blocker = next(b for r in records if r["tenant"] == "quant" for b in r["task"]["blockedByTaskIds"] or ())
    quant = principal("quant")
    bodies = {
        "TaskListResponse": list_tasks(default_world, quant, organisation="quant", include_details=True),
        "DependentTaskIdsResponse": list_tasks(default_world, quant, organisation="quant", depends_on=blocker),
        "DependentTasksResponse": list_tasks(default_world, quant, organisation="quant", depends_on=blocker, include_details=True),
    }
    for shape, body in bodies.items():
        assert body["count"] > 0 and _shapes_matching(body) == [shape]


@pytest.mark.parametrize(
    "mutate",
    [lambda b: b.update(extra=1), lambda b: b.update(count=-1), lambda b: b["tasks"][0].update(progress=1.01),
     lambda b: b["tasks"][0].update(createdAt="2025-01-01T00:00:00Z"), lambda b: b["tasks"][0].pop("blockedReason"),
     lambda b: b["tasks"][0].update(taskId="task-123"), lambda b: b["tasks"][0].update(blockedByTaskIds=[])],
)
def test_a_wrong_server_body_matches_no_shape(mutate):
    value = _OPERATION["responses"]["200"]["content"]["application/json"]["examples"]["RecentTasks"]["value"]
    body = {**value, "tasks": [dict(t) for t in value["tasks"]]}
    mutate(body)
    assert _shapes_matching(body) == []


def test_401_documents_the_bearer_challenge_and_the_api_requires_a_key():
    spec = load_bundled(SPEC)
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {**spec["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
    header = _OPERATION["responses"]["401"]["headers"]["WWW-Authenticate"]
    assert header["required"] and re.match(header["schema"]["pattern"], 'Bearer realm="org", error="invalid_token"')
