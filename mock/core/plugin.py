"""The contract between the generic mock (store, HTTP edge, admin API) and one API's domain package."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant (owner, workspace or organisation) a credential is bound to."""

    api: str
    tenant_id: str


class AuthSettings(Protocol):
    """What `authenticate` may read of the mock's Options (BeeOS signs JWTs and cursors)."""

    jwt_secret: str
    cursor_secret: str


Operation = Callable[..., dict]
"""`fn(conn, principal, **params) -> response body`; params use Connexion's snake_case names."""


@dataclass(frozen=True)
class ApiPlugin:
    id: str
    schema_sql: str
    """CREATE TABLE / CREATE INDEX statements; tables are prefixed with the API id."""
    load_world: Callable[[sqlite3.Connection, Path], None]
    """Validate every record of a fixtures dir against the spec and insert it; raise FixtureError."""
    authenticate: Callable[[sqlite3.Connection, str | None, AuthSettings], Principal]
    """Turn an Authorization header value into a Principal, or raise Unauthenticated."""
    operations: Mapping[str, Operation]
    """operationId -> domain function."""
    create_task: Callable[[sqlite3.Connection, dict], dict]
    """Admin API: insert one fixture-format record (validated); return the stored wire task."""
    update_task: Callable[[sqlite3.Connection, str, dict], dict]
    """Admin API: merge a partial wire task into task `id` (validated); return the result."""
    delete_task: Callable[[sqlite3.Connection, str], None]
    """Admin API: remove task `id`; raise NotFound if there is none."""
    generate: Callable[..., None]
    """`generate(out_dir, *, tasks, seed)`: write a deterministic, schema-valid fixtures dir."""
    demo_credentials: Callable[[Path], list[dict[str, Any]]]
    """For README and `agent-tasks mock --help`: [{tenant, token, note}] of a fixtures dir."""
