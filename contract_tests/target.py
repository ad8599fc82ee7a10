"""What the suite tests: a base URL and credentials, or the built-in mock served on a free port."""

from __future__ import annotations

import contextlib
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import httpx

from agent_tasks.apis import Api, get_api
from agent_tasks.paths import FIXTURES_DIR
from agent_tasks.specs import read_yaml


@dataclass(frozen=True)
class Target:
    """Everything the suite knows about a server: what a real server's owner can hand to CI."""

    api: Api
    base_url: str
    token: str
    other_token: str | None = None
    """A credential of another tenant; enables the isolation checks."""
    tenant: str | None = None
    """The caller's own tenant id where a path names it (org's organisation)."""
    other_tenant: str | None = None
    agent: str | None = None
    """An agent of the caller where the API has no cross-agent list (orq's agent_key)."""
    other_agent: str | None = None
    expired_token: str | None = None
    """A credential of this server that has expired; enables `auth.expired` (it must be refused)."""


class ServerError(RuntimeError):
    """The in-process server did not start."""


@contextlib.contextmanager
def serve(app: Any, *, start_timeout: float = 30.0) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on 127.0.0.1 and a free port; yield its base URL, then stop it."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="contract-tests-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise ServerError("the in-process server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _expired(credential: dict) -> bool:
    return str(credential.get("note", "")).lower().startswith("expired")


def mock_credentials(api_id: str, fixtures_dir: Path = FIXTURES_DIR) -> list[dict[str, str]]:
    """A fixtures world's first usable demo credential of each tenant of `api_id`, in fixture order."""
    from mock.core.registry import plugin

    per_tenant: dict[str, dict[str, str]] = {}
    for credential in plugin(api_id).demo_credentials(Path(fixtures_dir) / api_id):
        if not _expired(credential):
            per_tenant.setdefault(credential["tenant"], credential)
    return list(per_tenant.values())


def expired_credential(api_id: str, fixtures_dir: Path = FIXTURES_DIR) -> str | None:
    """A fixtures world's first expired demo credential of `api_id`, or None."""
    from mock.core.registry import plugin

    return next((c["token"] for c in plugin(api_id).demo_credentials(Path(fixtures_dir) / api_id) if _expired(c)), None)


def _busiest_agent(base_url: str, token: str, keys: list[str]) -> str | None:
    """Of an orq workspace's agent keys, the one with the most tasks (asked over HTTP, like a user would)."""
    totals = {}
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        for key in keys:
            response = client.get(f"/v2/agents/{key}/tasks", params={"limit": 1})
            totals[key] = response.json().get("overall_total", 0) if response.status_code == 200 else -1
    return max(keys, key=lambda k: totals[k], default=None)


def mock_target(api_id: str, base_url: str, fixtures_dir: Path = FIXTURES_DIR) -> Target:
    """The Target of a mock serving a fixtures world (beeos/, orq/, org/) at `base_url`: its first two tenants."""
    first, second = mock_credentials(api_id, fixtures_dir)[:2]
    agent = other_agent = None
    if api_id == "orq":
        keys = {t["id"]: [a["key"] for a in t["agents"]] for t in read_yaml(Path(fixtures_dir) / "orq" / "tenants.yaml")["tenants"]}
        agent = _busiest_agent(base_url, first["token"], keys[first["tenant"]])
        # An agent key the caller's workspace also has would answer with the caller's own agent.
        other_agent = _busiest_agent(base_url, second["token"], [k for k in keys[second["tenant"]] if k not in keys[first["tenant"]]])
    return Target(
        api=get_api(api_id),
        base_url=base_url,
        token=first["token"],
        other_token=second["token"],
        tenant=first["tenant"],
        other_tenant=second["tenant"],
        agent=agent,
        other_agent=other_agent,
        expired_token=expired_credential(api_id, fixtures_dir),
    )


@contextlib.contextmanager
def in_process_mock(api_id: str) -> Iterator[Target]:
    """Run the built-in mock (only `api_id`) on a free port for the length of the block."""
    from mock.core.options import Options
    from mock.http.app import create_app

    with tempfile.TemporaryDirectory(prefix="agent-tasks-contract-") as tmp:
        app = create_app(Options(apis=(api_id,), db_path=Path(tmp) / "world.sqlite"))
        with serve(app) as base_url:
            yield mock_target(api_id, base_url)
