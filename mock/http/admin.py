"""The mock's own API under /__mock/: health, journal, reset, fixture loading, task edits.

The specs and Swagger UI under /__mock/{api}/ are mock/http/swagger.py's.

It is for the developer and the end-to-end tests driving this mock: who may call it (loopback
Host, no foreign Origin, or `--admin-token`) is decided before it, in mock/http/admin_guard.py.
Bodies arrive already read within their size and time limits (mock/http/edge.py) and are parsed
here before any write lock is taken.
"""

from __future__ import annotations

import json
from pathlib import Path

import flask

from agent_tasks.apis import APIS
from mock.core.errors import DomainError, FixtureError, NotFound
from mock.http.envelopes import admin_error_body
from mock.core.options import Options
from mock.core.registry import plugin
from mock.core.store import Store


def _error(status: int, message: str):
    return flask.jsonify(admin_error_body(message)), status


def blueprint(store: Store, options: Options) -> flask.Blueprint:
    bp = flask.Blueprint("mock_admin", __name__, url_prefix="/__mock")

    def api_or_404(api_id: str):
        if api_id not in options.apis or api_id not in APIS:
            # Not flask.abort(response): Connexion turns that into an HTTPException without a status (a 500).
            raise NotFound(f"no API {api_id!r}; served: {', '.join(options.apis)}")
        return plugin(api_id)

    @bp.errorhandler(DomainError)
    def refused(exc: DomainError):
        return _error(exc.status, exc.message)

    @bp.get("/health")
    def health():
        return {"status": "ok", "apis": list(options.apis), "fixtures": str(store.fixtures_dir())}

    @bp.get("/journal")
    def journal():
        limit = flask.request.args.get("limit", default=100, type=int)
        return {"entries": store.journal(max(1, min(limit, options.journal_size)))}

    @bp.delete("/journal")
    def clear_journal():
        store.clear_journal()
        return "", 204

    @bp.post("/reset")
    def reset():
        # Like WireMock's reset: back to the files the mock started with, whatever was loaded since.
        store.load(store.startup_fixtures_dir())
        return {"status": "reset", "fixtures": str(store.fixtures_dir())}

    @bp.post("/fixtures")
    def load_fixtures():
        path = _body(options).get("path")
        if not isinstance(path, str) or not path:
            return _error(400, 'body must be {"path": "<a fixtures folder on this machine>"}')
        if not Path(path).is_dir():
            where = "" if Path(path).is_absolute() else f" (a relative path is read from the mock's folder {Path.cwd()})"
            return _error(400, f"no fixtures folder {path!r} on the mock's machine{where}")
        try:
            store.load(Path(path))
        except FixtureError as exc:
            return _error(400, str(exc))
        except (OSError, ValueError) as exc:
            # E.g. a folder without the served APIs' fixture files; the load's transaction undid everything.
            return _error(400, f"cannot load {path}: {exc}; nothing was changed")
        return {"status": "loaded", "fixtures": str(Path(path).resolve())}

    # The API and the body are settled before the write lock is taken: no lock waits on a client.
    @bp.post("/<api_id>/tasks")
    def create_task(api_id: str):
        domain, body = api_or_404(api_id), _body(options)
        return _edit(lambda conn: domain.create_task(conn, body), 201)

    @bp.patch("/<api_id>/tasks/<task_id>")
    def update_task(api_id: str, task_id: str):
        domain, body = api_or_404(api_id), _body(options)
        return _edit(lambda conn: domain.update_task(conn, task_id, body), 200, body_is_task=True)

    @bp.delete("/<api_id>/tasks/<task_id>")
    def delete_task(api_id: str, task_id: str):
        domain = api_or_404(api_id)
        return _edit(lambda conn: domain.delete_task(conn, task_id), 204)

    def _edit(change, status: int, *, body_is_task: bool = False):
        try:
            with store.write() as conn:
                result = change(conn)
        except (DomainError, FixtureError) as exc:
            message = getattr(exc, "message", str(exc))
            # The checks name fields as a fixture record spells them (task.closed_at); a PATCH body
            # is the task itself, so name them as the body does (closed_at).
            return _error(getattr(exc, "status", 400), _as_body_fields(message) if body_is_task else message)
        return (result, status) if result is not None else ("", status)

    return bp


def _as_body_fields(message: str) -> str:
    """`field 'task.x'` -> `field 'x'` and `field 'task'` -> `the body`, for errors about a PATCH body."""
    return message.replace("field 'task.", "field '").replace("field 'task'", "the body")


def _body(options: Options) -> dict:
    """The request's JSON object (mock/http/edge.py already read it within its size and time limits).

    A DomainError (a 400 in the admin envelope, `refused` below) otherwise; json's C parser raises
    RecursionError on deep nesting, and a validator walking a deep record would too.
    """
    text = flask.request.get_data(cache=True) if flask.request.is_json else b""
    try:
        body = json.loads(text) if text else None
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise DomainError("the request body must be a JSON object (Content-Type: application/json)")
    if _depth(body) > options.max_json_depth:
        raise DomainError(f"the request body nests deeper than {options.max_json_depth} levels")
    return body


def _depth(node) -> int:
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
    return deepest
