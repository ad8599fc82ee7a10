"""Structure rules: the spec is valid OpenAPI 3.0 in every file, every $ref resolves, no ignored $ref siblings."""

from __future__ import annotations

import functools
import re
from typing import Any, Iterator

import jsonschema_rs
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from openapi_spec_validator.schemas import schema_v30
from openapi_spec_validator.validation import OpenAPIV30SpecValidator

from agent_tasks.lint.documents import Node, RefError
from agent_tasks.lint.problem import Problem, explain, shorten
from agent_tasks.lint.walk import Spec, is_literal, is_name_map

_OPENAPI_30 = re.compile(r"^3\.0\.\d+$")


def _bundle(spec: Spec, node: Node, *, names: bool = False, stack: tuple = ()) -> Any:
    """`node` with every $ref to another file inlined, so the meta-schema sees every file's content."""
    if not names and node.ref is not None:
        try:
            target = spec.docs.target(node)
        except RefError:
            return node.value  # no-unresolved-refs reports it
        key = (target.file, target.pointer)
        if target.file == spec.root.file:
            return {"$ref": f"#{target.pointer}"}
        if key in stack:
            return node.value  # a recursive schema: leave the cycle as a reference
        return _bundle(spec, target, stack=stack + (key,))
    if isinstance(node.value, list):
        return [_bundle(spec, child, stack=stack) for _, child in node.items()]
    if not isinstance(node.value, dict):
        return node.value
    return {
        key: child.value if is_literal(node.value, key, names=names)
        else _bundle(spec, child, names=is_name_map(key, names=names), stack=stack)
        for key, child in node.items()
    }


def _is_reference_branch(error: ValidationError) -> bool:
    return error.validator == "required" and "$ref" in error.validator_value


def _located(error: ValidationError) -> tuple[list, str]:
    """(path, message) of a meta-schema error; a key that is not allowed is named and pointed at."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
        extra = [k for k in error.instance if k not in allowed and not any(p.search(str(k)) for p in patterns)]
        if extra:
            return path + extra[:1], f"{extra[0]!r} is not an OpenAPI field here (extensions start with x-)"
    return path, shorten(error.message)


@functools.cache
def _meta_validators() -> tuple[jsonschema_rs.Validator, Validator]:
    schema = dict(schema_v30)
    return jsonschema_rs.validator_for(schema, validate_formats=False), validator_for(schema)(schema)


def _meta_errors(document: dict) -> Iterator[ValidationError]:
    """The OpenAPI 3.0 schema's errors for `document`: Rust says whether, jsonschema explains why
    (its errors carry the context explain() needs; the Rust check keeps a clean lint fast)."""
    fast, detailed = _meta_validators()
    if not fast.is_valid(document):
        yield from detailed.iter_errors(document)


def version_problem(spec: Spec) -> Problem | None:
    """`struct` when the document is not OpenAPI 3.0.x (the other rules assume 3.0)."""
    version = spec.root.get("openapi")
    if version is not None and _OPENAPI_30.match(str(version.value)):
        return None
    return spec.problem("struct", version or spec.root, "not an OpenAPI 3.0.x document (Connexion 3.3 rejects 3.1)")


def check_struct(spec: Spec) -> Iterator[Problem]:
    """`struct`: every file parses, the bundled spec meets the OpenAPI 3.0 schema, and
    openapi-spec-validator (which reads the spec by path) accepts it."""
    for file in spec.broken_files:
        line, column, message = spec.broken_files[file]
        yield Problem(str(file), line, column, "struct", message)
    meta_errors = list(_meta_errors(_bundle(spec, spec.root)))
    for error in meta_errors:
        # Every object in the meta-schema is "X or a Reference": explain by X, not the Reference.
        for cause in explain(error, irrelevant=_is_reference_branch):
            path, message = _located(cause)
            yield spec.problem("struct", spec.docs.follow(spec.root, path), message)
    if meta_errors or spec.broken_files or any(why is not None for _, why in spec.refs):
        # openapi-spec-validator's semantic checks assume a well-formed, fully resolvable document
        # (they crash otherwise); the precise problems are reported above and by no-unresolved-refs.
        return
    validator = OpenAPIV30SpecValidator(spec.root.value, base_uri=spec.root.file.as_uri())
    for error in validator.iter_errors():
        node = spec.docs.follow(spec.root, error.absolute_path)
        yield spec.problem("struct", node, f"openapi-spec-validator: {shorten(error.message)}")


def check_refs(spec: Spec) -> Iterator[Problem]:
    """`no-unresolved-refs` (every $ref leads to a value) and `no-$ref-siblings` (ignored in 3.0)."""
    for ref, why in spec.refs:
        if why is not None:
            yield spec.problem("no-unresolved-refs", ref["$ref"], f"$ref {ref.ref!r} does not resolve: {why}")
        siblings = [key for key in ref.value if key != "$ref"]
        if siblings:
            yield spec.problem(
                "no-$ref-siblings", ref[siblings[0]],
                f"OpenAPI 3.0 ignores keys beside $ref: {', '.join(map(str, siblings))} (wrap the $ref in allOf)",
            )
