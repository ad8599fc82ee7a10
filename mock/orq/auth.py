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
    if header is None or not header.strip():
        raise Unauthenticated("the Authorization header is missing: send 'Authorization: Bearer <API key>'")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    # RFC 7235: the scheme is case-insensitive; a token never contains spaces.
    if scheme.lower() != "bearer" or not token or any(c.isspace() for c in token):
        raise Unauthenticated("the Authorization header is malformed: expected 'Bearer <API key>'")
    row = conn.execute("SELECT tenant, expires_at_ms FROM orq_api_keys WHERE token = ?", (token,)).fetchone()
    if row is None:
        raise Unauthenticated("the API key is unknown")
    if row["expires_at_ms"] is not None and row["expires_at_ms"] <= time.time() * 1000:
        raise Unauthenticated("the API key has expired")
    return Principal(api="orq", tenant_id=row["tenant"])
