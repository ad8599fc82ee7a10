"""Structure rules on broken copies of the org spec: each problem names the file it is in, and its line."""

from __future__ import annotations

from agent_tasks.lint import lint
from lint_helpers import only, paths_file, position, rewrite


def test_mini_spec_is_clean(mini_spec):
    assert lint(mini_spec) == []


def test_unknown_field_in_a_paths_file_is_struct_at_that_key(org_spec):
    target = paths_file(org_spec)
    rewrite(target, lambda data: data["get"].update(respon={}))
    line, column = position(target, "respon:")
    assert only(lint(org_spec), "struct") == [
        (str(target), line, column, "'respon' is not an OpenAPI field here (extensions start with x-)")
    ]


def test_missing_required_field_is_reported_in_the_component_file(org_spec):
    response = org_spec.parent / "components/responses/NotFound.yaml"
    rewrite(response, lambda data: data.pop("description"))
    assert only(lint(org_spec), "struct") == [(str(response), 1, 1, "'description' is a required property")]


def test_yaml_syntax_error_in_a_referenced_file(org_spec):
    limit = org_spec.parent / "components/parameters/Limit.yaml"
    limit.write_text("name: limit\nin: [query\n", encoding="utf-8")
    problems = lint(org_spec)
    # The wording is libyaml's or PyYAML's, whichever is installed; the place is the same.
    [(file, line, column, message)] = [p for p in only(problems, "struct") if p[0] == str(limit)]
    assert (file, line, column) == (str(limit), 3, 1) and message.startswith("invalid YAML: ")
    refs = only(problems, "no-unresolved-refs")
    assert refs and all(message.endswith("does not resolve: Limit.yaml is not valid YAML") for *_, message in refs)


def test_openapi_31_is_rejected_before_anything_else(org_spec):
    rewrite(org_spec, lambda data: data.update(openapi="3.1.0"))
    line, column = position(org_spec, "openapi:")
    assert [(p.rule, p.line, p.column) for p in lint(org_spec)] == [("struct", line, column)]


def test_unresolved_ref_names_the_referencing_file_and_line(org_spec):
    target = paths_file(org_spec)
    missing = "../components/parameters/Missing.yaml"
    rewrite(target, lambda data: data["get"]["parameters"][0].update({"$ref": missing}))
    line, column = position(target, f"$ref: {missing}")
    assert (str(target), line, column, f"$ref '{missing}' does not resolve: no such file") in only(
        lint(org_spec), "no-unresolved-refs"
    )


def test_unresolved_json_pointer(mini_spec):
    target = mini_spec.parent / "paths/thing.yaml"
    rewrite(target, lambda data: data["get"]["responses"]["200"]["content"]["application/json"].update(
        schema={"$ref": "../components/schemas/Thing.yaml#/properties/nope"}
    ))
    line, column = position(target, "$ref: ../components/schemas/Thing.yaml#")
    assert only(lint(mini_spec), "no-unresolved-refs") == [(
        str(target), line, column,
        "$ref '../components/schemas/Thing.yaml#/properties/nope' does not resolve: "
        "Thing.yaml has nothing at #/properties/nope",
    )]


def test_circular_refs_are_unresolved_but_a_broken_later_link_is_reported_once(mini_spec):
    def change(data):
        data["components"]["schemas"].update(
            Loop={"$ref": "#/components/schemas/Loop"},
            Via={"$ref": "#/components/schemas/Broken"},
            Broken={"$ref": "components/schemas/Missing.yaml"},
        )

    rewrite(mini_spec, change)
    line, column = position(mini_spec, "$ref: '#/components/schemas/Loop'")
    missing_line, missing_column = position(mini_spec, "$ref: components/schemas/Missing.yaml")
    assert only(lint(mini_spec), "no-unresolved-refs") == [
        (str(mini_spec), line, column, "$ref '#/components/schemas/Loop' does not resolve: the $refs form a circle"),
        (str(mini_spec), missing_line, missing_column,
         "$ref 'components/schemas/Missing.yaml' does not resolve: no such file"),
    ]


def test_ref_siblings_are_reported(org_spec):
    target = paths_file(org_spec)
    rewrite(target, lambda data: data["get"]["responses"]["404"].update(description="ignored"))
    line, column = position(target, "description: ignored")
    assert only(lint(org_spec), "no-$ref-siblings") == [
        (str(target), line, column, "OpenAPI 3.0 ignores keys beside $ref: description (wrap the $ref in allOf)")
    ]


def test_orphan_component_file(org_spec):
    orphan = org_spec.parent / "components/schemas/OldError.yaml"
    orphan.write_text("type: object\n", encoding="utf-8")
    assert only(lint(org_spec), "no-unused-components") == [
        (str(orphan), 1, 1, "components/schemas/OldError.yaml is not referenced by any $ref")
    ]


def test_unused_components_entry(org_spec):
    (org_spec.parent / "components/schemas/Unused.yaml").write_text("type: string\n", encoding="utf-8")
    entry = {"$ref": "components/schemas/Unused.yaml"}
    rewrite(org_spec, lambda data: data["components"]["schemas"].update(Unused=entry))
    line, column = position(org_spec, "Unused:")
    assert only(lint(org_spec), "no-unused-components") == [
        (str(org_spec), line, column, "components.schemas.Unused is never referenced")
    ]


def test_entry_whose_only_use_is_removed_becomes_unused(org_spec):
    """The entries and files paths files reach count as used; drop the last use and it is not."""
    target = paths_file(org_spec)
    rewrite(target, lambda data: data["get"]["responses"].pop("500"))
    unused = {message for *_, message in only(lint(org_spec), "no-unused-components")}
    assert "components.responses.InternalError is never referenced" in unused


def test_unrequired_security_scheme(org_spec):
    def change(data):
        data.pop("security")
        data["components"]["securitySchemes"]["apiKey"] = {"type": "apiKey", "in": "header", "name": "X-Key"}

    rewrite(org_spec, change)
    messages = {message for *_, message in only(lint(org_spec), "no-unused-components")}
    assert messages == {
        "security scheme 'BearerAuth' is not required by any operation",
        "security scheme 'apiKey' is not required by any operation",
    }
