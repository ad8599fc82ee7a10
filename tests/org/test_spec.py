"""spec/org: valid OpenAPI, examples that validate, the published contract's fields, one open 200 object."""

from __future__ import annotations

import re

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from agent_tasks.specs import load_bundled, read_yaml

from .conftest import SPEC, list_tasks, principal

_OPERATION = load_bundled(SPEC)["paths"]["/api/v3/organizations/{organisation}/ai/tasks"]["get"]
_OK = _OPERATION["responses"]["200"]["content"]["application/json"]
# The keys of each variant, as the published response description lists them.
_STANDARD, _IDS, _DETAILS = {"tasks", "count"}, {"taskIds", "count", "dependsOn"}, {"taskIds", "tasks", "count", "dependsOn"}
_PUBLISHED_ITEM = {"taskId", "orgId", "taskListId", "title", "description", "status", "assignedAgentId", "progress",
                   "blockedReason", "blockedByTaskIds", "createdAt", "updatedAt"}


def _validator(schema: dict) -> OAS30Validator:
    return OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)


def _valid(body: dict) -> bool:
    return _validator(_OK["schema"]).is_valid(body)


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
    ("example", "keys"),
    [("RecentTasks", _STANDARD), ("NoTasks", _STANDARD), ("DependentTaskIds", _IDS), ("NoDependentTasks", _IDS), ("DependentTasks", _DETAILS)],
)
def test_each_200_example_has_the_keys_of_its_variant(example, keys):
    assert set(_OK["examples"][example]["value"]) == keys


def test_the_200_is_one_open_object_with_no_required_key():
    schema = _OK["schema"]
    assert "oneOf" not in schema and schema["type"] == "object" and "required" not in schema
    assert set(schema["properties"]) == _DETAILS and schema.get("additionalProperties", True) is True


def test_the_list_item_has_the_published_fields_none_required_four_nullable():
    item = _OK["schema"]["properties"]["tasks"]["items"]
    assert set(item["properties"]) == _PUBLISHED_ITEM | {"dependsOn"} and "required" not in item
    assert {name for name, field in item["properties"].items() if field.get("nullable")} == {
        "taskListId", "assignedAgentId", "blockedReason", "blockedByTaskIds"}
    assert (item["properties"]["progress"]["minimum"], item["properties"]["progress"]["maximum"]) == (0, 1)
    assert item["properties"]["createdAt"] == {**item["properties"]["createdAt"], "type": "integer"}


def test_the_domain_answers_each_variant_with_its_keys(default_world, records):
    depended_on = next(d for r in records if r["tenant"] == "quant" for d in r["task"]["dependsOn"])
    quant = principal("quant")
    bodies = {
        frozenset(_STANDARD): list_tasks(default_world, quant, organisation="quant", include_details=True),
        frozenset(_IDS): list_tasks(default_world, quant, organisation="quant", depends_on=depended_on),
        frozenset(_DETAILS): list_tasks(default_world, quant, organisation="quant", depends_on=depended_on, include_details=True),
    }
    for keys, body in bodies.items():
        assert body["count"] > 0 and set(body) == keys and _valid(body)


@pytest.mark.parametrize(
    "mutate",
    [lambda b: b.update(count="2"), lambda b: b["tasks"][0].update(progress=1.01), lambda b: b["tasks"][0].update(progress=-0.1),
     lambda b: b["tasks"][0].update(createdAt="2025-01-01T00:00:00Z"), lambda b: b["tasks"][0].update(status="done"),
     lambda b: b["tasks"][0].update(taskId="task-123"), lambda b: b["tasks"][0].update(title=None)],
)
def test_a_wrong_server_body_is_invalid(mutate):
    value = _OK["examples"]["RecentTasks"]["value"]
    body = {**value, "tasks": [dict(t) for t in value["tasks"]]}
    mutate(body)
    assert not _valid(body)


@pytest.mark.parametrize(
    "mutate",
    [lambda b: b.update(extra=1), lambda b: b.pop("count"), lambda b: b["tasks"][0].pop("blockedReason"),
     lambda b: b["tasks"][0].update(metadata={"priority": "high"}), lambda b: b["tasks"][0].update(blockedByTaskIds=[]),
     lambda b: b["tasks"][0].pop("dependsOn")],
)
def test_what_the_published_contract_allows_stays_valid(mutate):
    value = _OK["examples"]["RecentTasks"]["value"]
    body = {**value, "tasks": [dict(t) for t in value["tasks"]]}
    mutate(body)
    assert _valid(body)


def test_401_documents_the_bearer_challenge_and_the_api_requires_a_key():
    spec = load_bundled(SPEC)
    assert spec["security"] == [{"BearerAuth": []}]
    assert spec["components"]["securitySchemes"]["BearerAuth"] == {**spec["components"]["securitySchemes"]["BearerAuth"], "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert [s["url"] for s in spec["servers"]] == ["https://dashboard.quantcdn.io", "https://dash.quantgov.cloud"]
    header = _OPERATION["responses"]["401"]["headers"]["WWW-Authenticate"]
    # Not published, so not required; any Bearer challenge conforms, the mock's included.
    assert not header["required"] and re.match(header["schema"]["pattern"], 'Bearer realm="org", error="invalid_token"')


@pytest.mark.parametrize("status", ["400", "401", "404", "500"])
def test_errors_are_quantcdns_v2error(status):
    schema = _OPERATION["responses"][status]["content"]["application/json"]["schema"]
    assert schema["required"] == ["error", "message"] and schema["properties"]["error"]["type"] == "boolean"
    assert _validator(schema).is_valid({"error": True, "message": "x", "more": 1})
    assert not _validator(schema).is_valid({"error": {"code": "not_found", "message": "x"}})
