"""BeeOS bearer auth: an `oag_` user API key from tenants.yaml or an HS256 user JWT; each binds exactly one owner."""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt

from mock.beeos.store import timestamp_us
from mock.beeos.tenants import read_tenants
from mock.core.errors import Unauthenticated
from mock.core.plugin import AuthSettings, Principal

# ASCII only: `\S` and str.strip() would also take (or strip) a no-break space and other scripts' spaces.
_BEARER = re.compile(r"Bearer +([\x21-\x7e]+)", re.IGNORECASE | re.ASCII)
_OWS = " \t"  # RFC 9110 optional whitespace, the only kind trimmed around a header value
MISSING_MESSAGE = "missing Authorization header: send 'Authorization: Bearer <token>'"
_MALFORMED = "malformed Authorization header: send 'Authorization: Bearer <token>'"
# One message for every refused token, so a caller cannot tell an unknown key from an expired one.
_INVALID = "the bearer token is unknown, expired or forged"


@dataclass(frozen=True)
class Caller(Principal):
    """A BeeOS principal. Operations get only (conn, principal), so it carries the cursor secret too."""

    cursor_secret: str = field(default="", repr=False, compare=False)


def authenticate(conn: sqlite3.Connection, header: str | None, settings: AuthSettings) -> Caller:
    """The owner an `Authorization` header value proves, or Unauthenticated: `missing_token` without
    credentials, `invalid_token` for a malformed header or a refused token (the published codes)."""
    if header is None or not header.strip(_OWS):
        raise Unauthenticated(MISSING_MESSAGE, code="missing_token")
    match = _BEARER.fullmatch(header.strip(_OWS))
    if match is None:
        raise Unauthenticated(_MALFORMED, code="invalid_token")
    token = match.group(1)
    owner = _key_owner(conn, token) if token.startswith("oag_") else _jwt_owner(conn, token, settings.jwt_secret)
    return Caller("beeos", owner, cursor_secret=settings.cursor_secret)  # type: ignore[attr-defined]


def _key_owner(conn: sqlite3.Connection, token: str) -> str:
    row = conn.execute("SELECT owner_id, expires_us FROM beeos_credentials WHERE token = ?", (token,)).fetchone()
    if row is None or (row[1] is not None and row[1] <= time.time() * 1_000_000):
        raise Unauthenticated(_INVALID, code="invalid_token")
    return row[0]


def _jwt_owner(conn: sqlite3.Connection, token: str, secret: str) -> str:
    try:
        # Pinning algorithms to HS256 refuses `alg: none` and every other algorithm (incl. RS/HS confusion).
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})
    except jwt.InvalidTokenError:
        raise Unauthenticated(_INVALID, code="invalid_token") from None
    owner = claims["sub"]
    # RFC 7519: the time claims are JSON numbers (PyJWT also takes "9999999999" as a string).
    if any(name in claims and not _numeric_date(claims[name]) for name in ("exp", "iat", "nbf")):
        raise Unauthenticated(_INVALID)
    if not isinstance(owner, str) or conn.execute("SELECT 1 FROM beeos_owners WHERE owner_id = ?", (owner,)).fetchone() is None:
        raise Unauthenticated(_INVALID, code="invalid_token")
    return owner


def _numeric_date(value: Any) -> bool:
    return type(value) in (int, float) and value == value and abs(value) < 2**53


def mint_jwt(owner_id: str, *, secret: str, expires_in: int = 3600, **claims: Any) -> str:
    """An HS256 user JWT for `owner_id` (sub), valid `expires_in` seconds; a claim given as None is left out."""
    now = int(time.time())
    payload = {"sub": owner_id, "iat": now, "exp": now + expires_in, **claims}
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, secret, algorithm="HS256")


def demo_credentials(fixtures_dir: Path) -> list[dict[str, Any]]:
    """Every oag_ key of a fixtures dir as {tenant, token, note}; the notes say how to get a user JWT."""
    now_us = time.time() * 1_000_000
    out = []
    for tenant in read_tenants(fixtures_dir):
        jwt_hint = f"for a user JWT run mock.beeos.auth.mint_jwt({tenant.owner_id!r}, secret=<the mock's jwt_secret>)"
        for cred in tenant.credentials:
            expired = cred.expires_at is not None and timestamp_us(cred.expires_at) <= now_us
            state = f"expired {cred.expires_at}, always 401" if expired else "oag_ user API key"
            note = "; ".join(part for part in (state, cred.note, jwt_hint) if part)
            out.append({"tenant": tenant.owner_id, "token": cred.token, "note": note})
    return out
