"""Errors: a parameter the spec rules out gets a documented 400 in the API's error envelope, never a 5xx."""

from __future__ import annotations

import importlib
import re
import string

from hypothesis import strategies as st
from jsonschema import Draft4Validator

from contract_tests.properties.common import Context, Property, Violation
from contract_tests.spec import Operation, operations

_PRINTABLE = string.ascii_letters + string.digits + "-_.,:;!~ "


MADE_UP = "zz-nonexistent-0"
"""The path value used where discovery found none: a request may then fail on it (404) first."""


def path_values(ctx: Context) -> dict[str, str]:
    """Values for every path parameter: the caller's own (found by the API's module), else `MADE_UP`."""
    module = importlib.import_module(f"contract_tests.properties.{ctx.target.api.id}")
    try:
        found = {} if ctx.discovery_failed else {k: v for k, v in module.path_values(ctx).items() if v}
    except Violation:
        found = {}
    names = {name for op in operations(ctx.target.api.spec_path) for name in op.path_parameters}
    return {name: found.get(name, MADE_UP) for name in names}


def made_up(values: dict[str, str], op: Operation) -> bool:
    """Whether the request's path names a resource discovery did not find (made up, or too long to exist)."""
    bounds = {p["name"]: p["schema"].get("maxLength") for p in op.parameters if p["in"] == "path"}
    return any(values.get(name) == MADE_UP or (bounds.get(name) and len(values.get(name, "")) > bounds[name]) for name in op.path_parameters)


def error_code(body) -> str | None:
    """The `code` of any of the three error envelopes (`{error: {code}}` or `{code}`)."""
    if not isinstance(body, dict):
        return None
    inner = body.get("error") if isinstance(body.get("error"), dict) else body
    return inner.get("code")


def _typos(name: str) -> list[str]:
    # The typos a client really makes: a dropped letter, a doubled one, a different case.
    return sorted({name[:-1], name + name[-1], name.upper(), name[1:]} - {name})


def _invalid_values(param: dict) -> st.SearchStrategy[tuple[str, str]]:
    """(why it is invalid, the raw value) for one parameter, from its schema."""
    schema, name = param["schema"], param["name"]
    found: list[st.SearchStrategy[tuple[str, str]]] = []
    if schema.get("type") == "number":
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None:
            found.append(st.integers(low - 1000, low - 1).map(lambda v: (f"{name}={v} below {low}", str(v))))
        if high is not None:
            found.append(st.integers(high + 1, high + 10**6).map(lambda v: (f"{name}={v}.5 above {high}", f"{v}.5")))
        found.append(st.sampled_from(["ten", "1,5", "0x10", ""]).map(lambda v: (f"{name}={v!r}, not a number", v)))
    if "anyOf" in schema:
        # A value none of the alternatives takes (orq's status: one enum value or a comma list of them).
        validator = Draft4Validator(schema)
        texts = st.text(_PRINTABLE, min_size=1, max_size=30).filter(lambda v: not validator.is_valid(v))
        found.append(texts.map(lambda v: (f"{name}={v!r}, none of its forms", v)))
    if schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None:
            found.append(st.integers(low - 1000, low - 1).map(lambda v: (f"{name}={v} below {low}", str(v))))
        if high is not None:
            found.append(st.integers(high + 1, high + 10**6).map(lambda v: (f"{name}={v} above {high}", str(v))))
        found.append(st.sampled_from(["ten", "1.5", "0x10", "1e2"]).map(lambda v: (f"{name}={v}, not an integer", v)))
    if schema.get("type") == "boolean":
        found.append(st.sampled_from(["maybe", "2", "yess"]).map(lambda v: (f"{name}={v}, not a boolean", v)))
    if "enum" in schema:
        allowed = set(schema["enum"])
        near = [v.upper() for v in allowed] + [v + "s" for v in allowed] + ["none", "unknown"]
        found.append(st.sampled_from(sorted(set(near) - allowed)).map(lambda v: (f"{name}={v}, not one of {sorted(allowed)}", v)))
    if "maxLength" in schema:
        size = schema["maxLength"] + 1
        found.append(st.just((f"{name} of {size} characters (max {size - 1})", "a" * size)))
    if schema.get("minLength", 0) >= 1 and param["in"] == "query":
        found.append(st.just((f"an empty {name}", "")))
    if schema.get("format") == "uuid":
        found.append(st.sampled_from(["task-123", "550e8400-e29b-41d4-a716-44665544000", "550e8400e29b41d4a716446655440000x"]).map(lambda v: (f"{name}={v}, not a UUID", v)))
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        texts = st.text(_PRINTABLE, min_size=1, max_size=30).filter(lambda v: not pattern.search(v))
        found.append(texts.map(lambda v: (f"{name}={v!r}, not matching {schema['pattern']}", v)))
    return st.one_of(found) if found else st.nothing()


def boundaries(op: Operation, *, strict: bool = True) -> list[tuple[str, list[tuple[str, str]]]]:
    """One step outside each documented bound (and, `strict`, one misspelt parameter): tried on every run."""
    found = []
    for param in op.query_parameters:
        schema, name = param["schema"], param["name"]
        if "minimum" in schema:
            found.append((f"{name}={schema['minimum'] - 1} below {schema['minimum']}", [(name, str(schema["minimum"] - 1))]))
        if "maximum" in schema:
            found.append((f"{name}={schema['maximum'] + 1} above {schema['maximum']}", [(name, str(schema["maximum"] + 1))]))
        if "enum" in schema:
            found.append((f"{name}=unknown, not in the enum", [(name, "unknown")]))
        if "maxLength" in schema:
            found.append((f"{name} of {schema['maxLength'] + 1} characters", [(name, "a" * (schema["maxLength"] + 1))]))
        if "pattern" in schema:
            wrong = next(v for v in ("not a valid value!", "~", "0" * 300) if not re.search(schema["pattern"], v))
            found.append((f"{name}={wrong!r}, not matching {schema['pattern']}", [(name, wrong)]))
        if schema.get("format") == "uuid":
            found.append((f"{name}=task-123, not a UUID", [(name, "task-123")]))
        if "anyOf" in schema and not Draft4Validator(schema).is_valid("unknown"):
            found.append((f"{name}=unknown, none of its forms", [(name, "unknown")]))
    names = [p["name"] for p in op.query_parameters]
    if names and strict:
        typo = next(t for t in _typos(names[0]) if t not in names)
        found.append((f"the unknown parameter {typo}", [(typo, "1")]))
    return found


def invalid_queries(ctx: Context, op: Operation | None = None) -> st.SearchStrategy[tuple[str, list[tuple[str, str]]]]:
    """(what is wrong, query) with exactly one defect: a bad value or (`--strict`) an unknown (misspelt) parameter.

    The published contracts do not say that unknown parameters are refused (the mock's choice,
    docs/decisions.md): by default a server may ignore them.
    """
    ops = [op] if op else list(operations(ctx.target.api.spec_path))
    cases = []
    for one in ops:
        for param in one.query_parameters:
            cases.append(_invalid_values(param).map(lambda pair, n=param["name"]: (pair[0], [(n, pair[1])])))
        names = [p["name"] for p in one.query_parameters]
        typos = [t for n in names for t in _typos(n) if t not in names]
        if ctx.strict:
            cases.append(st.sampled_from(typos or ["unknown_parameter"]).map(lambda t: (f"the unknown parameter {t}", [(t, "open")])))
    return st.one_of(cases) if cases else st.nothing()


def _invalid_paths(ctx: Context, op: Operation) -> list[st.SearchStrategy]:
    values = path_values(ctx)
    found = []
    for param in (p for p in op.parameters if p["in"] == "path" and "maxLength" in p["schema"]):
        size = param["schema"]["maxLength"] + 1
        found.append(st.just((f"{param['name']} of {size} characters", {**values, param["name"]: "a" * size}, [])))
    return found


def _rejections(ctx: Context) -> Property:
    ops = operations(ctx.target.api.spec_path)

    def extras(op: Operation) -> list[tuple]:
        # What only the API's prose rules out (a tampered cursor, two exclusive cursors).
        module = importlib.import_module(f"contract_tests.properties.{ctx.target.api.id}")
        if ctx.discovery_failed:
            return []
        try:
            return module.invalid_requests(ctx, op)
        except Violation:
            return []

    def examples():
        values = path_values(ctx)
        per_op = [
            st.one_of(
                invalid_queries(ctx, op).map(lambda pair: (pair[0], values, pair[1])),
                *_invalid_paths(ctx, op),
                *([st.sampled_from(extras(op))] if extras(op) else []),
            ).map(lambda case, op=op: (op, *case))
            for op in ops
        ]
        return st.one_of(per_op)

    def test(example) -> None:
        op, what, values, query, *code = example
        exchange = ctx.client.get(op.render(**{n: values[n] for n in op.path_parameters}), query)
        # A case that names its error code (a tampered cursor) is reported under that code's name.
        named = f"errors.{code[0]}" if code else None
        if exchange.status == 404 and made_up(values, op) and op.documents(404) and not ctx.strict:
            # Which comes first, validation or lookup, is the mock's choice (--strict checks it).
            problems = op.body_errors(404, exchange.json) if exchange.json is not None else ["the body is not JSON"]
            if problems:
                raise Violation("errors.envelope", f"the documented 404 error body for {values}", f"{problems[0]} in {exchange.summary(80)}", exchange)
            return
        if exchange.status != 400:
            fault = "a server error" if exchange.status >= 500 else "accepted" if exchange.status < 300 else "another status"
            # Every misspelt parameter of an operation is the same bug.
            cause = (op.label, "unknown parameter") if what.startswith("the unknown parameter") else None
            raise Violation(named or "errors.status", f"400 for {what}", f"{fault}: {exchange.summary()}", exchange, cause=cause)
        problems = op.body_errors(400, exchange.json) if exchange.json is not None else ["the body is not JSON"]
        if problems:
            raise Violation(named or "errors.envelope", f"the documented 400 error body for {what}", f"{problems[0]} in {exchange.summary(80)}", exchange)
        if code and error_code(exchange.json) != code[0]:
            raise Violation(named, f"400 with code {code[0]} for {what}", f"code {error_code(exchange.json)}", exchange)

    def explicit():
        values = path_values(ctx)
        found = [(op, what, values, query) for op in ops for what, query in boundaries(op, strict=ctx.strict)] + [(op, *extra) for op in ops for extra in extras(op)]
        if ctx.strict:
            # Validation before lookup (the mock's choice): a bad parameter on a resource nobody has is 400.
            missing = {name: MADE_UP for name in values}
            found += [(op, f"{what} on a nonexistent {', '.join(op.path_parameters)}", missing, query) for op in ops if op.path_parameters for what, query in boundaries(op, strict=False)[:1]]
        return found

    return Property("errors", "invalid parameters get a documented 400 in the error envelope, never a 5xx", examples, test, explicit)


def properties(ctx: Context) -> list[Property]:
    """The error-handling property of any API."""
    return [_rejections(ctx)]
