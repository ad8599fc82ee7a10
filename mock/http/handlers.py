"""Connexion resolver: maps each (API, operationId) to a thin function over the domain plugin."""

from __future__ import annotations

import time
from typing import Any, Callable

import flask
from connexion.context import context
from connexion.resolver import Resolver

from agent_tasks.specs import load_bundled
from mock.core.errors import DomainError
from mock.core.options import Options
from mock.core.registry import plugin
from mock.core.store import Store
from mock.http import prefer
from mock.http.envelopes import error_body, error_headers

# Connexion passes these to a **kwargs handler besides the operation's parameters.
_CONTEXT_KWARGS = ("user", "token_info")


def resolver(api, store: Store, options: Options) -> Resolver:
    """Resolve operationIds of `api`'s spec to handlers; an unknown operationId fails at start-up."""
    spec = load_bundled(api.spec_path)
    operations = {
        op["operationId"]: op for item in spec["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op
    }
    domain = plugin(api.id).operations

    def function_resolver(operation_id: str) -> Callable[..., Any]:
        if operation_id not in domain:
            raise LookupError(f"{api.spec_path}: operationId {operation_id!r} has no handler in mock.{api.id}")
        return _handler(api.id, domain[operation_id], operations[operation_id], spec, store, options)

    return Resolver(function_resolver=function_resolver)


def _handler(api_id: str, operation: Callable[..., dict], op_spec: dict, spec: dict, store: Store, options: Options):
    def handler(**params: Any):
        for name in _CONTEXT_KWARGS:
            params.pop(name, None)
        try:
            prefs = prefer.parse(flask.request.headers.get("Prefer"))
            if prefs.delay_ms:
                time.sleep(min(prefs.delay_ms, options.max_delay_ms) / 1000)
            if prefs.canned:
                status, body = prefer.canned_response(op_spec, spec, prefs)
                return body, status, _applied(prefs, options) | error_headers(api_id, status, "canned response")
            body = operation(store.connection(), context["token_info"]["principal"], **params)
        except DomainError as exc:
            return error_body(api_id, exc.status, exc.message, exc.code), exc.status, error_headers(api_id, exc.status, exc.message)
        return body, 200, _applied(prefs, options)

    return handler


def _applied(prefs: prefer.Preferences, options: Options) -> dict[str, str]:
    applied = []
    if prefs.code is not None:
        applied.append(f"code={prefs.code}")
    if prefs.example is not None:
        applied.append(f"example={prefs.example}")
    if prefs.delay_ms:
        applied.append(f"delay={min(prefs.delay_ms, options.max_delay_ms)}")
    return {"Preference-Applied": ", ".join(applied)} if applied else {}
