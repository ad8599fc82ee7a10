"""Every default of the mock, in one place (like Connexion's `_Options`)."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from agent_tasks.paths import FIXTURES_DIR

_ENV = "AGENT_TASKS_MOCK_OPTIONS"
LOG_FORMATS = ("text", "json")
"""Formats of the request log (`--log-format`); the first is the CLI's default."""


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 4010
    fixtures_dir: Path = FIXTURES_DIR
    """A folder with one sub-folder per API (beeos/, orq/, org/), like the built-in fixtures/."""
    workers: int = 1
    reload: bool = False
    world_cache: Path | None = None
    """Folder of built worlds to start from (mock/core/world_cache.py); None always rebuilds.
    The CLI uses world_cache.default_dir() unless --no-cache."""
    spec_cache: Path | None = None
    """Folder of bundled specs Connexion accepted before (mock/core/spec_cache.py); None reads the
    YAML files and lets Connexion validate every spec. The CLI sets it next to world_cache."""
    db_path: Path | None = None
    """The SQLite file all workers share; None builds a fresh one in a temporary folder."""
    jwt_secret: str = "agent-tasks-mock-beeos-jwt-secret"
    """HS256 secret for BeeOS user JWTs (`agent-tasks token` mints demo tokens with it)."""
    cursor_secret: str | None = None
    """HMAC secret of BeeOS cursors; None: a random one per world (Store.cursor_secret), so a cursor
    cannot be forged from a secret published in this source."""
    cors_origins: tuple[str, ...] = ("*",)
    """CORS origins of the three APIs (not of the admin API)."""
    admin_cors_origins: tuple[str, ...] = ()
    """CORS origins of /__mock/ (--admin-cors-origin); none by default, so no web page can drive it."""
    admin_token: str | None = None
    """When set, /__mock/ needs `Authorization: Bearer <admin_token>` (--admin-token)."""
    admin_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
    """Host header names /__mock/ answers without an admin token (DNS rebinding defence)."""
    max_delay_ms: int = 10_000
    """Upper bound for `Prefer: delay=MS`, so a typo cannot hang a test run."""
    max_header_bytes: int = 16 * 1024
    """All request headers together; more is a 431 (uvicorn's httptools parser has no limit)."""
    max_body_bytes: int = 1024 * 1024
    """A request body (admin records, fixture paths); more is a 413."""
    body_timeout_s: float = 10.0
    """Time to receive a whole request body; a slower client gets a 408 and holds nothing."""
    max_json_depth: int = 32
    """Nesting depth of an admin JSON body; deeper is a 400 (a fixture record needs about 5)."""
    keep_alive_s: int = 5
    """Idle seconds before a keep-alive connection is closed (uvicorn's timeout_keep_alive)."""
    write_timeout_s: float = 5.0
    """Longest wait for SQLite's write lock (admin edits, the journal); then a 503, nothing changed."""
    validate_responses: bool = False
    """Check every response against the spec (the tests turn it on; it costs throughput)."""
    fast_path: bool = True
    """Answer successful GETs without Connexion's per-request work (mock/http/fastpath.py); off
    only to compare the two paths. Off as well while validate_responses is on."""
    journal_size: int = 1000
    """How many recent requests `GET /__mock/journal` keeps."""
    request_log: str | None = None
    """One line per request on stdout (mock/http/requestlog.py): "text" (coloured on a terminal) or
    "json"; None writes nothing (the apps tests build). The CLI sets "text" unless --quiet or --log-format."""
    apis: tuple[str, ...] = field(default=("beeos", "orq", "org"))

    def replace(self, **changes) -> "Options":
        return dataclasses.replace(self, **changes)

    def to_env(self) -> dict[str, str]:
        """Serialise for worker processes, which uvicorn starts from an import string."""
        data = {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(self).items()}
        return {_ENV: json.dumps(data)}

    @classmethod
    def from_env(cls) -> "Options":
        data = json.loads(os.environ[_ENV])
        for name in ("fixtures_dir", "db_path", "world_cache", "spec_cache"):
            data[name] = Path(data[name]) if data[name] else None
        for name in ("cors_origins", "admin_cors_origins", "admin_hosts", "apis"):
            data[name] = tuple(data[name])
        return cls(**data)


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is this machine only."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_problem(options: Options) -> str | None:
    """Why the mock must not start with these options (an open admin API on a network), or None."""
    if options.admin_token is None and not is_loopback(options.host):
        return (
            f"--host {options.host} would open the admin API (/__mock/: reset, load, edit, journal) to the network "
            "without credentials; add --admin-token TOKEN (or serve on 127.0.0.1)"
        )
    return None
