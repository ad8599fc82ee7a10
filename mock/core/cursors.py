"""Opaque, tamper-evident cursors: base64url JSON plus an HMAC, so a forged one is a 400, not data.

The mock signs with a random secret per world unless `--cursor-secret` sets one (Options), so
knowing this source does not let anyone forge a cursor; a verified cursor's integers are still
range-checked, since they go into SQLite, whose integers are 64-bit.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from mock.core.errors import InvalidRequest

EXAMPLE_SECRET = "agent-tasks-mock-cursor-secret"
"""The secret the specs' example cursors were signed with (tests reproduce them); never the mock's."""
_INT64 = range(-(2**63), 2**63)
_INVALID = "the cursor is not valid: pass next_since from a previous page unchanged"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode(), body.encode("ascii"), hashlib.sha256).digest()[:16])


def encode(payload: dict[str, Any], secret: str, *, tenant: str) -> str:
    """A cursor carrying `payload`, bound to `tenant` (key "t" is reserved for that)."""
    body = _b64(json.dumps({**payload, "t": tenant}, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_mac(secret, body)}"


def decode(token: str, secret: str, *, tenant: str) -> dict[str, Any]:
    """Verify `token` and that it was issued to `tenant`; any failure is one InvalidRequest."""
    body, dot, mac = token.partition(".")
    try:
        ok = dot and hmac.compare_digest(mac, _mac(secret, body))
        payload = json.loads(_unb64(body)) if ok else None
    except (ValueError, UnicodeError):
        payload = None
    if not isinstance(payload, dict) or payload.get("t") != tenant or not all(map(_storable, payload.values())):
        raise InvalidRequest(_INVALID, code="invalid_cursor")
    return payload


def _storable(value: Any) -> bool:
    """Whether SQLite can take `value` as a parameter (no integer beyond 64 bits, no NaN)."""
    if type(value) is int:
        return value in _INT64
    if type(value) is float:
        return value == value and abs(value) != float("inf")
    return isinstance(value, (str, bool)) or value is None


def tenant_of(token: str) -> str | None:
    """The tenant a cursor-shaped string names, without verifying it (to spot another tenant's cursor)."""
    body, dot, _ = token.partition(".")
    if not dot or len(token) > 4096:
        return None
    try:
        payload = json.loads(_unb64(body))
    except (ValueError, UnicodeError):
        return None
    tenant = payload.get("t") if isinstance(payload, dict) else None
    return tenant if isinstance(tenant, str) else None


def resigned(document: Any, *, tenant: str, secret: str) -> Any:
    """`document` (a copy) with every cursor of the specs' examples issued to `tenant` signed with `secret`.

    The examples' cursors are signed with EXAMPLE_SECRET; re-signed, the one a `Prefer` example
    shows its own tenant leads to that tenant's next page, as the real answer's would.
    """
    if isinstance(document, dict):
        return {key: resigned(value, tenant=tenant, secret=secret) for key, value in document.items()}
    if isinstance(document, list):
        return [resigned(value, tenant=tenant, secret=secret) for value in document]
    if isinstance(document, str) and "." in document and tenant_of(document) == tenant:
        try:
            payload = decode(document, EXAMPLE_SECRET, tenant=tenant)
        except InvalidRequest:
            return document
        return encode({k: v for k, v in payload.items() if k != "t"}, secret, tenant=tenant)
    return document
