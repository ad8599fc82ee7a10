"""Connexion resolver: maps each (API, operationId) to a thin function over the domain plugin."""

from __future__ import annotations

from typing import Any, Callable

import flask
from connexion.context import context
from connexion.resolver import Resolver

from agent_tasks.specs import load_bundled
from mock.core import cursors, tenancy
from mock.core.errors import DomainError, InvalidRequest
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
        applied: dict[str, str] = {}
        try:
            prefs = prefer.parse(flask.request.headers.get("Prefer"))
            # The delay is only announced here: mock/http/edge.py waits for it without a thread.
            applied = _applied(prefs, options)
            principal = context["token_info"]["principal"]
            if prefs.canned:
                status, body = prefer.canned_response(op_spec, spec, prefs)
                if 200 <= status < 300:
                    _refuse_foreign(store, api_id, principal, prefs, body)
                    body = cursors.resigned(body, tenant=principal.tenant_id, secret=options.cursor_secret)
                return body, status, applied | error_headers(api_id, status, "canned response")
            body = operation(store.connection(), principal, **params)
        except DomainError as exc:
            return error_body(api_id, exc.status, exc.message, exc.code), exc.status, applied | error_headers(api_id, exc.status, exc.message)
        return body, 200, applied

    return handler


def _refuse_foreign(store: Store, api_id: str, principal, prefs: prefer.Preferences, body: Any) -> None:
    """A documented success example that shows another tenant's data is refused (mock/core/tenancy.py)."""
    value = tenancy.foreign_value(store.connection(), api_id, principal.tenant_id, body)
    if value is not None:
        name = f"example={prefs.example}" if prefs.example else f"code={prefs.code}"
        raise InvalidRequest(
            f"Prefer: {name} shows another tenant's data ({value!r}) and is not served to this caller; "
            "ask for an example of your own tenant or for the real answer"
        )


def _applied(prefs: prefer.Preferences, options: Options) -> dict[str, str]:
    applied = []
    if prefs.code is not None:
        applied.append(f"code={prefs.code}")
    if prefs.example is not None:
        applied.append(f"example={prefs.example}")
    if prefs.delay_ms:
        applied.append(f"delay={min(prefs.delay_ms, options.max_delay_ms)}")
    return {"Preference-Applied": ", ".join(applied)} if applied else {}
