"""The mock's own API under /__mock/: health, journal, reset, fixture loading, task edits.

The specs and Swagger UI under /__mock/{api}/ are mock/http/swagger.py's.

It needs no credentials: it is for the developer and the end-to-end tests driving this mock.
"""

from __future__ import annotations

from pathlib import Path

import flask

from mock.core.errors import DomainError, FixtureError, NotFound
from mock.core.options import Options
from mock.core.registry import plugin
from mock.core.store import Store


def _error(status: int, message: str):
    return flask.jsonify({"error": message}), status


def blueprint(store: Store, options: Options) -> flask.Blueprint:
    bp = flask.Blueprint("mock_admin", __name__, url_prefix="/__mock")

    def api_or_404(api_id: str):
        if api_id not in options.apis:
            # Raised inside _edit, which answers it as a 404 (flask.abort with a response was a 500).
            raise NotFound(f"no API {api_id!r}; served: {', '.join(options.apis)}")
        return plugin(api_id)

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
        body = flask.request.get_json(silent=True)
        path = body.get("path") if isinstance(body, dict) else None
        if not isinstance(path, str) or not path:
            return _error(400, 'body must be {"path": "<a fixtures folder on this machine>"}')
        if not Path(path).is_dir():
            where = "" if Path(path).is_absolute() else f" (a relative path is read from the mock's folder {Path.cwd()})"
            return _error(400, f"no fixtures folder {path!r} on the mock's machine{where}")
        try:
            store.load(Path(path))
        except FixtureError as exc:
            return _error(400, str(exc))
        return {"status": "loaded", "fixtures": str(Path(path).resolve())}

    @bp.post("/<api_id>/tasks")
    def create_task(api_id: str):
        return _edit(lambda conn: api_or_404(api_id).create_task(conn, _body()), 201)

    @bp.patch("/<api_id>/tasks/<task_id>")
    def update_task(api_id: str, task_id: str):
        return _edit(lambda conn: api_or_404(api_id).update_task(conn, task_id, _body()), 200, body_is_task=True)

    @bp.delete("/<api_id>/tasks/<task_id>")
    def delete_task(api_id: str, task_id: str):
        return _edit(lambda conn: api_or_404(api_id).delete_task(conn, task_id), 204)

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


def _body() -> dict:
    body = flask.request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError("the request body must be a JSON object")
    return body
