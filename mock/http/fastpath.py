"""Serve the successful GET requests of the specs' operations without Connexion's per-request work.

Connexion spends about 3 ms of CPU on a request (routing, security, validation, a Flask app behind
a thread hop), ten times what the domain needs. This ASGI layer answers a GET itself only when it
is sure Connexion would answer 200 with the same bytes: the path matches one template of the spec,
every query parameter is known, given once, non-empty, coerces to its schema type as Connexion
coerces it and passes the same compiled validator, the plugin accepts the credentials and the
operation raises no DomainError. On any doubt the request goes on to Connexion untouched, so every
error, every `Prefer` override and every unusual request is still answered in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from connexion.decorators.parameter import pythonic

from agent_tasks.apis import APIS
from agent_tasks.specs import load_bundled
from mock.core import wire
from mock.core.errors import DomainError
from mock.core.options import Options
from mock.core.registry import plugin
from mock.core.store import Store
from mock.http.requestlog import note_tenant
from mock.http.validation import CompiledParameterValidator

# Requests made only of these characters read the same to Starlette (Connexion's validation) and to
# Werkzeug (the handler's arguments): nothing is percent-decoded, no `+`, no `;` separator.
_SAFE_QUERY = re.compile(r"[A-Za-z0-9._~,=&-]*")
_SEGMENT = "[A-Za-z0-9._~-]+"
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # validation.py's rule; Connexion then calls float()
# Headers after which the request is Connexion's: overrides, or a body on a GET.
_HAND_ON = frozenset((b"prefer", b"content-type", b"content-length", b"transfer-encoding"))


def _integer(raw: str) -> int | None:
    # int() also takes " 1", "+1", "1_0" and other scripts' digits: those go to Connexion.
    return int(raw) if _INTEGER.fullmatch(raw) else None


def _number(raw: str) -> float | None:
    return float(raw) if _NUMBER.fullmatch(raw) else None


def _boolean(raw: str) -> bool | None:
    # connexion.utils.boolean: "true" / "false" in any case.
    return {"true": True, "false": False}.get(raw.lower())


_COERCIONS: dict[str, Callable[[str], Any]] = {
    "string": lambda raw: raw, "integer": _integer, "number": _number, "boolean": _boolean,
}


@dataclass(frozen=True)
class _Param:
    definition: dict
    """The parameter object, $refs resolved, as Connexion's validator takes it."""
    kwarg: str
    coerce: Callable[[str], Any]


@dataclass(frozen=True)
class _Route:
    authenticate: Callable
    operation: Callable[..., dict]
    pattern: re.Pattern
    path: tuple[_Param, ...]
    """In the order of the template's placeholders (the pattern's groups)."""
    query: dict[str, _Param]
    required: frozenset[str]
    defaults: dict[str, Any]


class FastPath:
    """ASGI middleware: answer a GET whose success is certain, else call the wrapped app unchanged."""

    def __init__(self, app, *, store: Store, options: Options) -> None:
        self.app, self.store, self.options = app, store, options
        self.routes = [route for api_id in options.apis for route in _routes(api_id)]

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET":
            body = self.answer(scope)
            if body is not None:
                headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def answer(self, scope) -> bytes | None:
        """The 200 body Connexion would send for this GET, or None to hand the request on."""
        path, query = scope["path"], scope["query_string"].decode("latin-1")
        # Percent-escapes and dot segments are decoded or resolved differently by the two routers.
        if scope.get("raw_path", path.encode()) != path.encode() or "/." in path or not _SAFE_QUERY.fullmatch(query):
            return None
        authorization = None
        for name, value in scope["headers"]:
            if name in _HAND_ON or (name == b"authorization" and authorization is not None):
                return None
            if name == b"authorization":
                authorization = value.decode("latin-1")
        matches = [(route, match) for route in self.routes if (match := route.pattern.fullmatch(path))]
        if len(matches) != 1:
            return None
        route, match = matches[0]
        kwargs = _arguments(route, match.groups(), query)
        if kwargs is None:
            return None
        conn = self.store.connection()
        try:
            principal = route.authenticate(conn, authorization, self.options)
            note_tenant(scope, principal.tenant_id)
            body = route.operation(conn, principal, **kwargs)
        except DomainError:
            return None
        # What Connexion's Jsonifier writes (app.py gives it wire.JsonModule), newline included.
        return wire.dumps(body) + b"\n"


def _arguments(route: _Route, path_values: tuple[str, ...], query: str) -> dict[str, Any] | None:
    """The handler's keyword arguments, as Connexion would pass them; None if anything is off."""
    kwargs = dict(route.defaults)
    for param, raw in zip(route.path, path_values):
        if not _take(param, raw, "path", kwargs):
            return None
    given = set()
    for pair in query.split("&") if query else ():
        name, _, raw = pair.partition("=")
        param = route.query.get(name)
        # Repeated names, `a=b=c` and empty values are decided by Connexion (last wins, 400s...).
        if param is None or name in given or "=" in raw or not _take(param, raw, "query", kwargs):
            return None
        given.add(name)
    return kwargs if route.required <= given else None


def _take(param: _Param, raw: str, source: str, kwargs: dict[str, Any]) -> bool:
    value = param.coerce(raw) if raw else None
    if value is None or CompiledParameterValidator.validate_parameter(source, value, param.definition) is not None:
        return False
    kwargs[param.kwarg] = value
    return True


def _routes(api_id: str) -> list[_Route]:
    """The GET operations of `api_id`'s spec that the fast path can serve exactly as Connexion does."""
    spec = load_bundled(APIS[api_id].spec_path)
    domain = plugin(api_id)
    routes = []
    for template, item in spec["paths"].items():
        op = item.get("get")
        if not op or op.get("operationId") not in domain.operations or not _bearer_only(spec, op):
            continue
        # Operation-level parameters override path-level ones of the same name and location.
        merged = _resolved(spec, [*item.get("parameters", []), *op.get("parameters", [])])
        definitions = {(p["in"], p["name"]): p for p in merged}
        params = {key: _param(p) for key, p in definitions.items()}
        if None in params.values() or any(where not in ("path", "query") for where, _ in params):
            continue  # a header, cookie, array, nullable... parameter: Connexion's alone
        query = {name: params[where, name] for where, name in params if where == "query"}
        literals = re.split(r"\{[^}]+\}", template)
        routes.append(
            _Route(
                authenticate=domain.authenticate,
                operation=domain.operations[op["operationId"]],
                pattern=re.compile(f"({_SEGMENT})".join(map(re.escape, literals))),
                path=tuple(params["path", name] for name in re.findall(r"\{([^}]+)\}", template)),
                query=query,
                required=frozenset(name for name, p in query.items() if p.definition.get("required")),
                defaults={p.kwarg: d for p in query.values() if (d := _default(p.definition)) is not _NONE},
            )
        )
    return routes


def _param(definition: dict) -> _Param | None:
    schema = definition.get("schema", {})
    simple = not ({"style", "explode", "content", "allowEmptyValue"} & definition.keys() or schema.get("nullable"))
    if not simple or schema.get("type") not in _COERCIONS:
        return None
    return _Param(definition, pythonic(definition["name"]), _COERCIONS[schema["type"]])


_NONE = object()


def _default(definition: dict) -> Any:
    # connexion.decorators.parameter._get_query_defaults: the parameter's default, else its schema's.
    return definition.get("default", definition.get("schema", {}).get("default", _NONE))


def _bearer_only(spec: dict, op: dict) -> bool:
    requirements = op.get("security", spec.get("security"))
    if not requirements or len(requirements) != 1 or len(requirements[0]) != 1:
        return False
    scheme = spec.get("components", {}).get("securitySchemes", {}).get(next(iter(requirements[0])), {})
    return scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer"


def _resolved(spec: dict, node: Any) -> Any:
    """`node` with every internal $ref replaced by its target (the validator sees no $ref)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return _resolved(spec, target)
        return {key: _resolved(spec, value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolved(spec, value) for value in node]
    return node
