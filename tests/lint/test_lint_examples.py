"""Example rules: a broken example is reported in its own file, at the offending value, with why."""

from __future__ import annotations

from lint_helpers import only, position, rewrite

from agent_tasks.lint import lint

ORG_OP = "GET /api/v3/organizations/{organisation}/ai/tasks"
MEDIA = "oas3-valid-media-example"


def test_named_response_example_that_breaks_a_oneof_schema_names_the_closest_branch(org_spec):
    # The org 200 is one object; made a oneOf here (that object, or a list of IDs) to test the explanation.
    rewrite(org_spec.parent / "components/schemas/ListTasksResponse.yaml", lambda data: data.update(
        oneOf=[{key: data.pop(key) for key in list(data)}, {"type": "array", "items": {"type": "string"}}]))
    example = org_spec.parent / "components/examples/RecentTasks.yaml"
    rewrite(example, lambda data: data["value"]["tasks"][1].update(progress=7))
    line, column = position(example, "progress: 7")
    assert only(lint(org_spec), MEDIA) == [(
        str(example), line, column,
        f"{ORG_OP} 200 response application/json: example 'RecentTasks' does not match its schema "
        "at tasks/1/progress: 7 is greater than the maximum of 1",
    )]


def test_error_example_is_checked_against_its_response_schema(org_spec):
    example = org_spec.parent / "components/examples/OrganisationNotFound.yaml"
    rewrite(example, lambda data: data["value"].update(error=404))
    line, column = position(example, "error: 404")
    assert only(lint(org_spec), MEDIA) == [(
        str(example), line, column,
        f"{ORG_OP} 404 response application/json: example 'OrganisationNotFound' does not match its schema "
        "at error: 404 is not of type 'boolean'",
    )]


def test_format_and_missing_field(mini_spec):
    example = mini_spec.parent / "components/examples/One.yaml"
    rewrite(example, lambda data: [data["value"].update(id="not-a-uuid"), data["value"].pop("size")])
    context = "GET /things/{thingId} 200 response application/json: example 'One' does not match its schema"
    line, column = position(example, "id: not-a-uuid")
    value_line, value_column = position(example, "value:")
    assert only(lint(mini_spec), MEDIA) == [
        (str(example), value_line, value_column, f"{context}: 'size' is a required property"),
        (str(example), line, column, f"{context} at id: 'not-a-uuid' is not a 'uuid'"),
    ]


def test_inline_parameter_example(mini_spec):
    target = mini_spec.parent / "paths/thing.yaml"
    rewrite(target, lambda data: data["get"]["parameters"][0].update(example=5))
    line, column = position(target, "example: 5")
    assert only(lint(mini_spec), MEDIA) == [(
        str(target), line, column,
        "GET /things/{thingId} parameter 'thingId': example does not match its schema: 5 is not of type 'string'",
    )]


def test_schema_default_out_of_range_is_reported_in_the_parameter_file(org_spec):
    limit = org_spec.parent / "components/parameters/Limit.yaml"
    rewrite(limit, lambda data: data["schema"].update(default=500))
    line, column = position(limit, "default: 500")
    assert only(lint(org_spec), "oas3-valid-schema-example") == [
        (str(limit), line, column, "schema default does not match its schema: 500 is greater than the maximum of 100")
    ]


def test_schema_example_in_a_component_schema(mini_spec):
    schema = mini_spec.parent / "components/schemas/Thing.yaml"
    rewrite(schema, lambda data: data.update(example={"id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "size": -1}))
    line, column = position(schema, "size: -1")
    assert only(lint(mini_spec), "oas3-valid-schema-example") == [
        (str(schema), line, column,
         "schema example does not match its schema at size: -1 is less than the minimum of 0"),
    ]


def test_nullable_is_honoured_and_a_ref_key_in_an_example_is_data(mini_spec):
    example = mini_spec.parent / "components/examples/One.yaml"
    rewrite(example, lambda data: data["value"].update(note=None))
    assert lint(mini_spec) == []
    rewrite(example, lambda data: data["value"].update(note={"$ref": "#/nowhere"}))
    [problem] = lint(mini_spec)
    assert problem.rule == MEDIA and problem.message.endswith("at note: {'$ref': '#/nowhere'} is not of type 'string'")
