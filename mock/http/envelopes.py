"""Each API's documented error body, and the mapping of every error to it, done once here."""

from __future__ import annotations

import json
from typing import Any

from agent_tasks.apis import api_for_path
from mock.beeos import errors as beeos_errors

# The code each HTTP status maps to outside every API (the neutral envelope), when no code is given.
_STATUS_CODES = {400: "invalid_request", 401: "unauthorized", 404: "not_found", 405: "invalid_request", 415: "invalid_request",
                 # Refused at the edge (mock/http/edge.py) before any API logic: a client error.
                 408: "invalid_request", 413: "invalid_request", 431: "invalid_request"}


def _neutral(status: int, message: str, code: str | None) -> dict[str, Any]:
    return {"error": {"code": code or _STATUS_CODES.get(status, "internal_error"), "message": message}}


# Each builder takes (status, message, code or None) and returns the API's published error body.
_BUILDERS = {
    # The published ErrorResponse: code, type and param from the status and message.
    "beeos": beeos_errors.error_body,
    # orq publishes one error body, `{message}` (its 404); it carries no code.
    "orq": lambda status, message, code: {"message": message},
    # QuantCDN's V2Error: the published listTasks declares no error body; its spec uses this one elsewhere.
    "org": lambda status, message, code: {"error": True, "message": message},
}


def admin_error_body(message: str) -> dict[str, Any]:
    """The admin API's (/__mock/) error body: the mock's own, not an API's."""
    return {"error": message}


def error_body(api_id: str | None, status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The error envelope of `api_id` (a neutral `{error: {code, message}}` outside any API)."""
    return _BUILDERS.get(api_id, _neutral)(status, message, code)


def error_headers(api_id: str | None, status: int, message: str) -> dict[str, str]:
    if status != 401:
        return {}
    # RFC 6750 §3: the challenge names the realm and why the token was refused.
    description = message.replace('"', "'")
    return {"WWW-Authenticate": f'Bearer realm="{api_id or "mock"}", error="invalid_token", error_description="{description}"'}


def error_parts(
    path: str, status: int, message: str, code: str | None = None, *, body: dict | None = None
) -> tuple[bytes, dict[str, str]]:
    """JSON body and headers of an error for a request to `path` (`body` replaces the envelope)."""
    if path == "/__mock" or path.startswith("/__mock/"):
        return json.dumps(body or admin_error_body(message)).encode(), {"Content-Type": "application/json"}
    api = api_for_path(path)
    api_id = api.id if api else None
    data = json.dumps(body or error_body(api_id, status, message, code)).encode()
    return data, {"Content-Type": "application/json", **error_headers(api_id, status, message)}
