"""Organisation API keys: `Authorization: Bearer <key>`, each key bound to one organisation."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from mock.core.errors import Unauthenticated
from mock.core.plugin import AuthSettings, Principal
from mock.org.tenants import read_tenants

_BEARER = re.compile(r"Bearer +([A-Za-z0-9\-._~+/]+=*) *", re.IGNORECASE)


def _now_ms() -> float:
    return time.time() * 1000


def authenticate(conn: sqlite3.Connection, header: str | None, settings: AuthSettings | None = None) -> Principal:
    """The organisation an Authorization header's key is bound to, or Unauthenticated.

    `settings` is unused: org keys are stored credentials, not signed tokens.
    """
    if not header:
        raise Unauthenticated("missing Authorization header: send 'Authorization: Bearer <organisation API key>'")
    match = _BEARER.fullmatch(header)
    if match is None:
        raise Unauthenticated("malformed Authorization header: expected 'Bearer <organisation API key>'")
    row = conn.execute("SELECT org, expires_at_ms FROM org_credentials WHERE token = ?", (match.group(1),)).fetchone()
    if row is None:
        raise Unauthenticated("unknown API key")
    org, expires_at_ms = row
    if expires_at_ms is not None and expires_at_ms <= _now_ms():
        raise Unauthenticated("the API key has expired")
    return Principal(api="org", tenant_id=org)


def demo_credentials(fixtures_dir: Path) -> list[dict[str, Any]]:
    """Every key of a fixtures dir as {tenant, token, note}, saying which ones no longer work."""
    now_ms = _now_ms()
    return [
        {
            "tenant": tenant["id"],
            "token": cred["token"],
            "note": ("EXPIRED (answers 401). " if cred["expires_at_ms"] is not None and cred["expires_at_ms"] <= now_ms else "")
            + cred["note"],
        }
        for tenant in read_tenants(Path(fixtures_dir) / "tenants.yaml")
        for cred in tenant["credentials"]
    ]
