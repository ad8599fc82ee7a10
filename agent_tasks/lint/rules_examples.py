"""Example rules: every example (media type, parameter, header, schema) validates against its schema.

An example that breaks its schema teaches clients the wrong wire format and is served as-is by
mock servers; it is validated with OpenAPI 3.0 semantics (nullable, readOnly/writeOnly, formats).
"""

from __future__ import annotations

from typing import Iterator
from urllib.parse import quote

from openapi_schema_validator import OAS30ReadValidator, OAS30Validator, OAS30WriteValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from agent_tasks.lint.documents import Node
from agent_tasks.lint.problem import Problem, explain, shorten
from agent_tasks.lint.walk import Operation, Spec


class _Validators:
    """OpenAPI 3.0 validators for schemas addressed by (file, pointer), resolving $refs through the spec's files."""

    def __init__(self, spec: Spec) -> None:
        # Every file registered (and crawled) once, rather than retrieved again by each validator.
        resources = [
            (file.as_uri(), Resource.from_contents(spec.docs.load(file).value, default_specification=DRAFT4))
            for file in spec.files
        ]
        self.registry = Registry().with_resources(resources).crawl()

    def errors(self, schema: Node, instance: object, cls: type) -> list:
        uri = f"{schema.file.as_uri()}#{quote(schema.pointer, safe='/~')}"
        validator = cls({"$ref": uri}, registry=self.registry, format_checker=OAS30Validator.FORMAT_CHECKER)
        return [cause for error in validator.iter_errors(instance) for cause in explain(error)]


def _validate(
    spec: Spec, validators: _Validators, rule: str, schema: Node, value: Node, what: str, cls: type
) -> Iterator[Problem]:
    target = spec.docs.deref(schema)
    if target is None:
        return  # no-unresolved-refs reports it
    for error in validators.errors(target, value.value, cls):
        where = "/".join(str(part) for part in error.absolute_path)
        at = f" at {where}" if where else ""
        node = spec.docs.follow(value, error.absolute_path, literal=True)
        yield spec.problem(rule, node, f"{what} does not match its schema{at}: {shorten(error.message)}")


def _holders(spec: Spec, holder: Node, context: str) -> Iterator[tuple[Node, str]]:
    """A parameter or header holds its schema itself, or per media type under `content`."""
    if "content" in holder.value:
        for media_type, media in spec.resolved(holder.get("content")):
            yield media, f"{context} {media_type}"
    else:
        yield holder, context


def _samples(spec: Spec, op: Operation) -> Iterator[tuple[Node, str, type]]:
    """(object with schema and examples, what it is, validator class) of one operation."""
    for param in spec.parameters(op):
        for holder, context in _holders(spec, param, f"{op.label} parameter {param.value.get('name')!r}"):
            yield holder, context, OAS30WriteValidator
    body = op.node.get("requestBody")
    body = spec.docs.deref(body) if body is not None else None
    if body is not None and isinstance(body.value, dict):
        for media_type, media in spec.resolved(body.get("content")):
            yield media, f"{op.label} request body {media_type}", OAS30WriteValidator
    for status, response in spec.responses(op):
        for media_type, media in spec.resolved(response.get("content")):
            yield media, f"{op.label} {status} response {media_type}", OAS30ReadValidator
        for name, header in spec.resolved(response.get("headers")):
            for holder, context in _holders(spec, header, f"{op.label} {status} response header {name}"):
                yield holder, context, OAS30ReadValidator


def check(spec: Spec) -> Iterator[Problem]:
    """oas3-valid-media-example (media types, parameters, headers) and oas3-valid-schema-example (schemas)."""
    validators = _Validators(spec)
    rule = "oas3-valid-media-example"
    schema_roots = []
    for op in spec.operations:
        for holder, context, cls in _samples(spec, op):
            schema = holder.get("schema")
            if schema is None:
                continue
            schema_roots.append(schema)
            if "example" in holder.value:
                yield from _validate(spec, validators, rule, schema, holder["example"], f"{context}: example", cls)
            for name, example in spec.resolved(holder.get("examples")):
                if "value" in example.value:
                    what = f"{context}: example {name!r}"
                    yield from _validate(spec, validators, rule, schema, example["value"], what, cls)
    components = spec.root.value.get("components")
    if isinstance(components, dict) and isinstance(components.get("schemas"), dict):
        schema_roots.extend(child for _, child in spec.root["components"]["schemas"].items())
    for schema in spec.schemas(schema_roots):
        for key in ("example", "default"):
            if key in schema.value:
                yield from _validate(
                    spec, validators, "oas3-valid-schema-example", schema, schema[key], f"schema {key}", OAS30Validator
                )
