"""Each API's documented error body, and the mapping of every error to it, done once here."""

from __future__ import annotations

import json
from typing import Any

from agent_tasks.apis import api_for_path
from mock.beeos import errors as beeos_errors

_BUILDERS = {
    "orq": lambda code, message: {"code": code, "message": message},
    "org": lambda code, message: {"error": {"code": code, "message": message}},
}
# The code each HTTP status maps to when Connexion (not the domain) rejects a request.
# Every code is one each API documents; a 405 (undocumented, like any wrong method) says why in its message.
_STATUS_CODES = {400: "invalid_request", 401: "unauthorized", 404: "not_found", 405: "invalid_request", 415: "invalid_request"}


def error_body(api_id: str | None, status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The error envelope of `api_id` (a neutral `{error: {code, message}}` outside any API)."""
    if api_id == "beeos":  # the published ErrorResponse: code, type and param from the status and message
        return beeos_errors.error_body(status, message, code)
    code = code or _STATUS_CODES.get(status, "internal_error")
    return _BUILDERS.get(api_id, _BUILDERS["org"])(code, message)


def error_headers(api_id: str | None, status: int, message: str) -> dict[str, str]:
    if status != 401:
        return {}
    # RFC 6750 §3: the challenge names the realm and why the token was refused.
    description = message.replace('"', "'")
    return {"WWW-Authenticate": f'Bearer realm="{api_id or "mock"}", error="invalid_token", error_description="{description}"'}


def error_parts(path: str, status: int, message: str, code: str | None = None) -> tuple[bytes, dict[str, str]]:
    """JSON body and headers of an error for a request to `path`."""
    api = api_for_path(path)
    api_id = api.id if api else None
    body = json.dumps(error_body(api_id, status, message, code)).encode()
    return body, {"Content-Type": "application/json", **error_headers(api_id, status, message)}
