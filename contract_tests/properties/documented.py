"""Documented behaviour no other check asks for: each parameter's default, and the status of a missing resource.

Both run as explicit examples (every operation, every default), so they do not depend on the seed.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

from contract_tests.properties import errors
from contract_tests.properties.common import Context, NotExercised, Property, Violation
from contract_tests.spec import Operation, operations

_VOLATILE = {"request_id", "requestId", "timestamp"}
"""Keys whose value may differ between two identical requests."""


def _stable(body):
    if isinstance(body, dict):
        return {k: _stable(v) for k, v in body.items() if k not in _VOLATILE}
    if isinstance(body, list):
        return [_stable(v) for v in body]
    return body


def _first_difference(a, b, path: str = "") -> str:
    """Where two JSON values first differ, as a path and both values (cut short)."""
    if isinstance(a, dict) and isinstance(b, dict):
        # Lists first: "5 tasks vs 50" says more than the cursors that differ because of it.
        for key in sorted(set(a) | set(b), key=lambda k: (not isinstance(a.get(k), (list, dict)), k)):
            if a.get(key, KeyError) != b.get(key, KeyError):
                return _first_difference(a.get(key, "<absent>"), b.get(key, "<absent>"), f"{path}/{key}")
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path or '<body>'}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}/{i}")
    return f"{path or '<body>'}: {json.dumps(a)[:60]} vs {json.dumps(b)[:60]}"


def _defaults(ctx: Context) -> Property:
    """Omitting a parameter that has a documented default answers exactly as sending that default."""
    ops = operations(ctx.target.api.spec_path)
    cases = [(op, p["name"], p["schema"]["default"]) for op in ops for p in op.query_parameters if "default" in p["schema"]]

    def test(case) -> None:
        op, name, default = case
        values = errors.path_values(ctx)
        path = op.render(**{n: values[n] for n in op.path_parameters})
        omitted = ctx.client.get(path)
        value = str(default).lower() if isinstance(default, bool) else str(default)
        given = ctx.client.get(path, [(name, value)])
        if omitted.status != given.status or _stable(omitted.json) != _stable(given.json):
            where = f"status {omitted.status} vs {given.status}" if omitted.status != given.status else _first_difference(_stable(omitted.json), _stable(given.json))
            raise Violation("documented.default", f"no {name} to answer as {name}={value}, its documented default", f"a different answer ({where})", omitted, cause=(op.label, name))

    def examples():
        if not cases:
            raise NotExercised("the spec documents no parameter default")
        return st.sampled_from(cases)

    return Property("documented", "a parameter left out takes its documented default", examples, test, lambda: list(cases), id="documented.defaults")


def _missing(ctx: Context) -> Property:
    """A resource nobody has (an agent, an organisation) gets a documented status and body, never a 5xx."""
    ops = [op for op in operations(ctx.target.api.spec_path) if op.path_parameters]

    def test(op: Operation) -> None:
        values = {name: errors.MADE_UP for name in op.path_parameters}
        exchange = ctx.client.get(op.render(**values))
        if exchange.status == 404 or (exchange.status == 200 and not ctx.strict):
            problems = op.body_errors(exchange.status, exchange.json) if exchange.json is not None else ["the body is not JSON"]
            if problems:
                raise Violation("documented.missing_resource", f"the documented {exchange.status} body for a nonexistent {', '.join(op.path_parameters)}", f"{problems[0]} in {exchange.summary(80)}", exchange)
            if exchange.status == 200 and _items(exchange.json):
                raise Violation("documented.missing_resource", f"no task for a nonexistent {', '.join(op.path_parameters)}", exchange.summary(), exchange)
            return
        wanted = "404" if ctx.strict else "404 (or an empty 200)"
        raise Violation("documented.missing_resource", f"{wanted} for a nonexistent {', '.join(op.path_parameters)}", exchange.summary(), exchange)

    def examples():
        if not ops:
            raise NotExercised("no operation names a resource in its path")
        return st.sampled_from(ops)

    return Property("documented", "a nonexistent resource gets its documented status", examples, test, lambda: list(ops), id="documented.missing")


def _items(body) -> list:
    """The tasks of any of the three list envelopes."""
    if not isinstance(body, dict):
        return []
    data = body.get("data") if isinstance(body.get("data"), dict) else body
    return list(data.get("tasks") or []) + list(data.get("taskIds") or [])


def properties(ctx: Context) -> list[Property]:
    """Defaults and missing resources, for any API."""
    return [_defaults(ctx), _missing(ctx)]
