"""Operation and document rules on broken copies of the repo specs (and a minimal spec for path shapes)."""

from __future__ import annotations

import pytest
from lint_helpers import copy_spec, only, paths_file, position, read, rewrite

from agent_tasks.lint import lint
from agent_tasks.lint.rules_operations import ambiguous

ORG_OP = "GET /api/v3/organizations/{organisation}/ai/tasks"


def test_operation_without_4xx_responses(org_spec):
    target = paths_file(org_spec)
    rewrite(target, lambda data: data["get"].update(
        responses={k: v for k, v in data["get"]["responses"].items() if not str(k).startswith("4")}
    ))
    assert only(lint(org_spec), "operation-4xx-response") == [
        (str(target), 1, 1, f"{ORG_OP} documents no 4xx response")
    ]


def test_4xx_response_without_schema_is_reported_in_its_own_file(org_spec):
    response = org_spec.parent / "components/responses/NotFound.yaml"
    rewrite(response, lambda data: data["content"]["application/json"].pop("schema"))
    problems = lint(org_spec)
    assert only(problems, "operation-4xx-response") == [
        (str(response), 1, 1, "the 404 response documents no body schema")
    ]
    assert [p for p in problems if p.severity == "error"] == [p for p in problems if p.rule == "operation-4xx-response"]


def test_operation_without_2xx_response(mini_spec):
    target = mini_spec.parent / "paths/thing.yaml"
    rewrite(target, lambda data: data["get"]["responses"].pop("200"))
    assert only(lint(mini_spec), "operation-2xx-response") == [
        (str(target), 1, 1, "GET /things/{thingId} documents no 2xx response")
    ]


def test_duplicate_operation_id_names_the_first_use(tmp_path):
    spec = copy_spec(tmp_path, "beeos")
    first, second = paths_file(spec, 0), paths_file(spec, 1)
    first_id = read(first)["get"]["operationId"]
    rewrite(second, lambda data: data["get"].update(operationId=first_id))
    line, column = position(second, f"operationId: {first_id}")
    assert only(lint(spec), "operation-operationId-unique") == [
        (str(second), line, column,
         f"GET /api/v1/agents/{{agentId}}/tasks: operationId {first_id!r} is already used by GET /api/v1/tasks")
    ]


@pytest.mark.parametrize(
    ("key", "rule", "message"),
    [
        ("operationId", "operation-operationId", f"{ORG_OP} has no operationId"),
        ("summary", "operation-summary", f"{ORG_OP} has no summary"),
        ("description", "operation-description", f"{ORG_OP} has no description"),
        ("tags", "operation-tags", f"{ORG_OP} has no tags"),
    ],
)
def test_operation_fields_that_must_be_present(org_spec, key, rule, message):
    target = paths_file(org_spec)
    rewrite(target, lambda data: data["get"].pop(key))
    assert only(lint(org_spec), rule) == [(str(target), 1, 1, message)]


def test_undeclared_tag(org_spec):
    target = paths_file(org_spec)
    rewrite(target, lambda data: data["get"].update(tags=["AI Task Management", "Nope"]))
    line, column = position(target, "- Nope")
    assert only(lint(org_spec), "operation-tag-defined") == [
        (str(target), line, column + 2, f"{ORG_OP}: tag 'Nope' is not declared in the top-level tags")
    ]


def test_no_security_anywhere(org_spec):
    rewrite(org_spec, lambda data: data.pop("security"))
    target = paths_file(org_spec)
    assert only(lint(org_spec), "security-defined") == [(str(target), 1, 1, f"{ORG_OP} has no security requirement")]


def test_security_requirement_naming_an_undefined_scheme(org_spec):
    rewrite(org_spec, lambda data: data.update(security=[{"BearerAuth": []}, {"apiKey": []}]))
    line, column = position(org_spec, "apiKey:")
    assert only(lint(org_spec), "security-defined") == [
        (str(org_spec), line, column, "security scheme 'apiKey' is not defined in components.securitySchemes")
    ]


def test_explicitly_public_operation_is_fine(mini_spec):
    rewrite(mini_spec.parent / "paths/thing.yaml", lambda data: data["get"].update(security=[]))
    rewrite(mini_spec, lambda data: data.pop("security"))
    assert only(lint(mini_spec), "security-defined") == []


def test_parameter_without_description_is_reported_in_the_parameter_file(org_spec):
    limit = org_spec.parent / "components/parameters/Limit.yaml"
    rewrite(limit, lambda data: data.pop("description"))
    assert only(lint(org_spec), "parameter-description") == [
        (str(limit), 1, 1, "parameter 'limit' (in query) has no description")
    ]


def test_path_template_and_path_parameters_disagree(org_spec):
    template = "/api/v3/organizations/{organisation}/ai/tasks"
    renamed = template.replace("{organisation}", "{org}")
    rewrite(org_spec, lambda data: data.update(paths={renamed: data["paths"][template]}))
    target = paths_file(org_spec)
    parameter = org_spec.parent / "components/parameters/Organisation.yaml"
    assert only(lint(org_spec), "path-parameters-defined") == [
        (str(parameter), 1, 1, f"GET {renamed}: path parameter 'organisation' is not in the path template"),
        (str(target), 1, 1, f"GET {renamed}: path parameter {{org}} is not defined"),
    ]


def test_ambiguous_paths(mini_spec):
    rewrite(mini_spec, lambda data: data["paths"].update({"/{kind}/mine": {"$ref": "paths/thing.yaml"}}))
    line, column = position(mini_spec, "/{kind}/mine:")
    problems = only(lint(mini_spec), "no-ambiguous-paths")
    assert problems == [(str(mini_spec), line, column, "/{kind}/mine and /things/{thingId} match the same requests")]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("/pets/{petId}", "/pets/{name}", True),  # identical but for the names
        ("/{entity}/me", "/books/{id}", True),  # /books/me matches both, neither is more specific
        ("/pets/mine", "/pets/{id}", False),  # concrete segments win
        ("/pets/{id}", "/pets/{id}/toys", False),
        ("/pets/{id}.json", "/pets/{id}.xml", False),
        ("/a/{x}", "/b/{x}", False),
    ],
)
def test_ambiguity(a, b, expected):
    assert ambiguous(a, b) is expected
    assert ambiguous(b, a) is expected


def test_info_rules(org_spec):
    rewrite(org_spec, lambda data: [data["info"].pop("description"), data["info"].pop("contact")])
    problems = lint(org_spec)
    line, column = position(org_spec, "info:")
    assert only(problems, "info-description") == [(str(org_spec), line, column, "info has no description")]
    assert [(p.rule, p.severity) for p in problems if p.rule == "info-contact"] == [("info-contact", "warn")]


def test_tag_without_description(org_spec):
    rewrite(org_spec, lambda data: data["tags"][0].pop("description"))
    line, column = position(org_spec, "- name: AI Task Management")
    expected = (str(org_spec), line, column + 2, "tag 'AI Task Management' has no description")
    assert only(lint(org_spec), "tag-description") == [expected]


@pytest.mark.parametrize(
    ("servers", "message"),
    [
        ([], "no servers: clients cannot tell where the API is"),
        ([{"url": "api.example.com"}], "server url 'api.example.com' is neither an absolute http(s) URL nor a path"),
        ([{"url": "https://api.example.com/"}],
         "server url 'https://api.example.com/' ends with '/', so every request path would start with '//'"),
        ([{"url": "https://{region}.example.com"}],
         "server url 'https://{region}.example.com' uses {region} but defines no such variable"),
    ],
)
def test_servers(org_spec, servers, message):
    rewrite(org_spec, lambda data: data.update(servers=servers))
    assert [m for *_, m in only(lint(org_spec), "oas3-api-servers")] == [message]


def test_relative_and_templated_servers_are_fine(mini_spec):
    servers = [{"url": "/api"}, {"url": "https://{region}.api.test", "variables": {"region": {"default": "eu"}}}]
    rewrite(mini_spec, lambda data: data.update(servers=servers))
    assert lint(mini_spec) == []
