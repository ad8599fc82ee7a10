"""The published BeeOS `ErrorResponse` for every error the mock answers, whoever raised it.

Errors reach the edge from three places: the domain (a DomainError that may name a published
code), Connexion's validation (only a status and a one-line message such as
"query parameter 'limit': 500 is greater than the maximum of 100"), and the security handler (a
401 with the plugin's message). This module gives each the published `code`, `type` and, for
parameter errors, `param`, so every body is `{"success": false, "error": {...}}` as the official
SDK parses it. No Connexion import: `mock/http/envelopes.py` calls it.
"""

from __future__ import annotations

import re
from typing import Any

from mock.beeos.auth import MISSING_MESSAGE

INVALID_PARAM, MISSING_PARAM = "invalid_param", "missing_param"
MISSING_TOKEN, INVALID_TOKEN = "missing_token", "invalid_token"
AGENT_NOT_FOUND = "agent_not_found"

# The published codes of these two operations' responses (reference sheet, "Errors"), plus the
# mock's own answers to what no operation documents: an unknown path, a wrong method.
PUBLISHED = frozenset({
    "invalid_json", "invalid_body", INVALID_PARAM, MISSING_PARAM,
    "unauthorized", INVALID_TOKEN, MISSING_TOKEN, "forbidden", AGENT_NOT_FOUND, "rate_limited",
    "internal_error", "agent_offline", "agent_service_unavailable", "auth_unavailable", "auth_transient", "service_timeout",
})
OWN = frozenset({"not_found", "method_not_allowed"})

_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error",
          405: "invalid_request_error", 408: "invalid_request_error", 413: "invalid_request_error",
          415: "invalid_request_error", 429: "rate_limit_error", 431: "invalid_request_error"}
# "query parameter 'limit': ...", "path parameter 'agentId': ...", "missing query parameter 'x'"
_NAMED = re.compile(r"(?:query|path|header) parameter '([^']+)'")
_EXTRA = re.compile(r"Extra (?:query|formData) parameter\(s\) ([^ ,]+)")


def error_type(status: int) -> str:
    """The published `type` slug of a status (`api_error` for 5xx and anything unlisted)."""
    return _TYPES.get(status, "api_error")


def default_code(status: int, message: str) -> str:
    """The code of an error raised without a published one (Connexion's problems, generic domain errors)."""
    if status == 400:
        return MISSING_PARAM if message.startswith("missing ") else INVALID_PARAM
    if status == 401:
        return MISSING_TOKEN if message == MISSING_MESSAGE else INVALID_TOKEN
    if status == 404:
        return "not_found"  # a path no operation serves; the per-agent 404 names agent_not_found itself
    if status in (405, 415):
        return "method_not_allowed" if status == 405 else "invalid_body"
    if status in (408, 413):  # a body too slow or too large (mock/http/edge.py)
        return "invalid_body"
    if status == 431:  # headers too large: the request itself is refused, as a bad parameter is
        return INVALID_PARAM
    return "internal_error"


def param_of(message: str) -> str | None:
    """The parameter an error message names, if any."""
    found = _NAMED.search(message) or _EXTRA.search(message)
    return found.group(1) if found else None


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """`{"success": false, "error": {"type", "code", "message", "param"?}}` for one error."""
    if code not in PUBLISHED and code not in OWN:
        code = default_code(status, message)
    error: dict[str, Any] = {"type": error_type(status), "code": code, "message": message}
    if code in (INVALID_PARAM, MISSING_PARAM):
        param = param_of(message)
        if param is not None:
            error["param"] = param
    return {"success": False, "error": error}
