"""Build the one Connexion app that serves every API from its spec, over a shared Store."""

from __future__ import annotations

import contextlib
import functools
import logging
from typing import Iterator, NamedTuple

import connexion
from connexion.exceptions import ProblemException
from connexion.jsonifier import Jsonifier
from connexion.lifecycle import ConnexionResponse
from connexion.middleware import ConnexionMiddleware, MiddlewarePosition
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.spec import OpenAPISpecification, Specification
from starlette.exceptions import HTTPException
from werkzeug.routing import UnicodeConverter

from agent_tasks.apis import APIS, api_for_path
from agent_tasks.specs import prime_bundled
from mock.core import spec_cache, wire
from mock.core.options import Options
from mock.core.store import Store, StoreBusy
from mock.http import admin, handlers, landing, swagger
from mock.http.admin_guard import AdminGuard, SplitCors
from mock.http.edge import Limits, PreferDelay
from mock.http.envelopes import error_parts
from mock.http.fastpath import FastPath
from mock.http.journal import JournalMiddleware
from mock.http.requestlog import RequestLog
from mock.http.security import security_map
from mock.http.validation import VALIDATORS

_log = logging.getLogger("agent_tasks.mock")


class _Prepared(NamedTuple):
    spec: dict
    key: str | None  # what spec_cache.mark_valid needs; None: Connexion accepted this spec before


def prepare_specs(options: Options) -> dict[str, _Prepared]:
    """Each served API's bundled spec, checked by Connexion now unless the spec cache vouches for it.

    The CLI runs this while the world is built in another process (mock/core/background.py), so
    reading and checking the specs costs no start-up time; create_app(specs=...) then mounts them
    without checking again. A spec Connexion refuses raises here (what add_api would raise).
    """
    prepared = {}
    for api_id in options.apis:
        api = APIS[api_id]
        spec, key = spec_cache.load(api.spec_path, options.spec_cache)
        if key is None:
            prime_bundled(api.spec_path, spec)  # the handlers and the fast path read it too
        else:
            Specification.from_dict(_mountable(api, spec))  # Connexion's check, as add_api runs it
        prepared[api_id] = _Prepared(spec, key)
    return prepared


def create_app(options: Options = Options(), store: Store | None = None, *, specs: dict[str, _Prepared] | None = None) -> connexion.FlaskApp:
    """The mock as an ASGI app; builds the Store from `options.fixtures_dir` unless one is given,
    and reads (and has Connexion check) the specs unless `specs` come from prepare_specs."""
    if store is None:
        store = Store.build(
            options.fixtures_dir, options.apis, options.db_path, cache_dir=options.world_cache, write_timeout_s=options.write_timeout_s
        )
    if options.cursor_secret is None:
        options = options.replace(cursor_secret=store.cursor_secret())  # random per world
    # Compact JSON in the order the domain built it (the wire order), written by orjson (wire.py);
    # Connexion's default indents and uses the json module.
    # Connexion's Swagger UI middleware is left out: it runs a router on every request, and the
    # specs' pages are served under /__mock/ (Connexion would mount one UI per base path, all "/").
    middlewares = [m for m in ConnexionMiddleware.default_middlewares if m is not SwaggerUIMiddleware]
    app = connexion.FlaskApp(__name__, jsonifier=Jsonifier(wire.JsonModule), middlewares=middlewares)
    app.app.url_map.converters.update(default=_Segment, string=_Segment)
    for api_id, (spec, spec_key) in (specs or prepare_specs(options)).items():
        api = APIS[api_id]
        with _without_meta_schema_check():
            app.add_api(
                _mountable(api, spec),
                base_path=api.base_path,
                name=api_id,
                resolver=handlers.resolver(api, store, options),
                pythonic_params=True,
                strict_validation=True,
                validate_responses=options.validate_responses,
                security_map=security_map(store, options),
                validator_map=VALIDATORS,
            )
        spec_cache.mark_valid(spec, options.spec_cache, spec_key)
    app.app.register_blueprint(admin.blueprint(store, options))
    app.app.register_blueprint(swagger.blueprint(options))
    app.app.register_blueprint(landing.blueprint(store, options))
    problem = functools.partial(_problem, options)
    app.add_error_handler(ProblemException, problem)
    app.add_error_handler(HTTPException, problem)
    app.add_error_handler(StoreBusy, _busy)
    app.add_error_handler(Exception, _crash)
    # Outermost first: the request log (its milliseconds include everything below), edge limits
    # (mock/http/edge.py), CORS, the admin API's guard, the journal, then the Prefer delay (waited
    # for without a thread, after the handler decided it).
    edge = MiddlewarePosition.BEFORE_EXCEPTION
    if options.request_log:
        app.add_middleware(RequestLog, position=edge, format=options.request_log)
    app.add_middleware(Limits, position=edge, options=options)
    app.add_middleware(SplitCors, position=edge, options=options)
    app.add_middleware(AdminGuard, position=edge, options=options)
    app.add_middleware(JournalMiddleware, position=edge, store=store, keep=options.journal_size)
    app.add_middleware(PreferDelay, position=edge, options=options)
    if options.fast_path and not options.validate_responses:
        # Inside the journal and CORS (its answers are journaled and get CORS headers) and inside
        # Connexion's exception handling (a crash there is a 500 in the API's envelope).
        app.add_middleware(FastPath, position=MiddlewarePosition.BEFORE_ROUTING, store=store, options=options)
    app.store = store  # for tests and the CLI
    return app


class _Segment(UnicodeConverter):
    """A path parameter as Connexion's router matches it: one segment without a line feed.

    Connexion finds the operation with Starlette, whose mount pattern (`.*`) stops at a line feed,
    and Flask calls the handler with Werkzeug, whose segments may hold one: a `%0A` in a path
    parameter then reached a handler without Connexion's operation (a 500). Now neither matches,
    and the request is a 404 like any path no operation serves.
    """

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\n]", 1)


@contextlib.contextmanager
def _without_meta_schema_check() -> Iterator[None]:
    """Connexion's check of a spec against the OpenAPI meta-schema, left out: prepare_specs ran it
    (or the spec cache says it passed before).

    Connexion has no option for this: its Specification validates on every construction (~0.1 s
    a spec). tests/mock/test_spec_cache.py pins the hook, so a Connexion upgrade that moves it fails there.
    """
    own = OpenAPISpecification.__dict__.get("_validate_spec")
    OpenAPISpecification._validate_spec = classmethod(lambda cls, spec: None)
    try:
        yield
    finally:
        if own is None:
            del OpenAPISpecification._validate_spec  # the inherited classmethod again
        else:
            OpenAPISpecification._validate_spec = own


def _mountable(api, spec: dict) -> dict:
    """The spec with its paths relative to the API's base path.

    Connexion's middlewares keep one API per base path; our specs all say "/" (the servers have no
    path), so mounted as written the last API would shadow the others' security and validation.
    Our loader also resolves the relative $refs once, with libyaml: Connexion, given the path,
    re-reads every component file with the pure-Python parser (seconds at start-up).
    A shallow copy is enough: Connexion copies the spec deeply itself before it changes anything.
    """
    return {**spec, "paths": {path.removeprefix(api.base_path): item for path, item in spec["paths"].items()}}


def _problem(options: Options, request, exc) -> ConnexionResponse:
    status = getattr(exc, "status", None) or getattr(exc, "status_code", 500)
    message = getattr(exc, "detail", None) or getattr(exc, "title", None) or "request rejected"
    if 300 <= status < 400:
        # Werkzeug's redirect to the path with a trailing slash: its detail is the new URL.
        return ConnexionResponse(status_code=status, headers={"Location": str(message)})
    if status == 404 and api_for_path(request.url.path) is None:
        # Outside every API: say what is served; a browser gets the same with a link to `/`.
        if "text/html" in request.headers.get("Accept", ""):
            return ConnexionResponse(status_code=404, body=landing.not_found_page(request.url.path, options).encode(),
                                     content_type="text/html; charset=utf-8")
        message = landing.served_apis_message(options)
    body, headers = error_parts(request.url.path, status, str(message))
    headers = {**(getattr(exc, "headers", None) or {}), **headers}  # keeps e.g. a 405's Allow
    return ConnexionResponse(status_code=status, body=body, headers=headers, content_type="application/json")


def _busy(request, exc) -> ConnexionResponse:
    # SQLite's write lock stayed taken past the store's bounded wait: nothing changed, retry later.
    body, headers = error_parts(request.url.path, 503, str(exc), "internal_error")
    return ConnexionResponse(status_code=503, body=body, headers={**headers, "Retry-After": "1"}, content_type="application/json")


def _crash(request, exc) -> ConnexionResponse:
    # A bug in the mock, never the client's fault: the stack trace goes to the log, not the client.
    _log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    body, headers = error_parts(request.url.path, 500, "the mock failed to handle this request", "internal_error")
    return ConnexionResponse(status_code=500, body=body, headers=headers, content_type="application/json")
