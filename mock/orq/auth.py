"""Workspace API keys: `Authorization: Bearer <key>` -> the workspace the key is bound to."""

from __future__ import annotations

import sqlite3
import time

from mock.core.errors import Unauthenticated
from mock.core.plugin import AuthSettings, Principal


def authenticate(conn: sqlite3.Connection, header: str | None, settings: AuthSettings) -> Principal:
    """The caller's workspace, or Unauthenticated for a missing, malformed, unknown or expired key.

    `settings` is part of the plugin contract; orq keys are looked up, never verified by a secret.
    """
    # Only RFC 9110's optional whitespace (space, tab) is trimmed: str.strip() would also drop a
    # no-break space, so a key with one around it would be accepted.
    if header is None or not header.strip(" \t"):
        raise Unauthenticated("the Authorization header is missing: send 'Authorization: Bearer <API key>'")
    scheme, _, token = header.strip(" \t").partition(" ")
    token = token.strip(" \t")
    # RFC 7235: the scheme is case-insensitive; a token is printable ASCII without spaces.
    if scheme.lower() != "bearer" or not token or not all("\x21" <= c <= "\x7e" for c in token):
        raise Unauthenticated("the Authorization header is malformed: expected 'Bearer <API key>'")
    row = conn.execute("SELECT tenant, expires_at_ms FROM orq_api_keys WHERE token = ?", (token,)).fetchone()
    if row is None:
        raise Unauthenticated("the API key is unknown")
    if row["expires_at_ms"] is not None and row["expires_at_ms"] <= time.time() * 1000:
        raise Unauthenticated("the API key has expired")
    return Principal(api="orq", tenant_id=row["tenant"])
