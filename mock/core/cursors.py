"""Opaque, tamper-evident cursors: base64url JSON plus an HMAC, so a forged one is a 400, not data."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from mock.core.errors import InvalidRequest


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
    if not isinstance(payload, dict) or payload.get("t") != tenant:
        raise InvalidRequest("the cursor is not valid: pass next_since from a previous page unchanged", code="invalid_cursor")
    return payload
