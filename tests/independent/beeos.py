"""An independent BeeOS task-list server, written from the published contract (../shared/reference/beeos.md)
and the seeds, not from the mock: its own in-memory store, ids, wording and sizes.

It makes the choices the published contract leaves open differently from the mock, so the suite
must pass it by default and fail it with `--strict`: unknown query parameters are ignored, a
per-agent lookup happens before parameter validation (404 before 400), and a request without
credentials gets a bare `WWW-Authenticate: Bearer realm=...` challenge (RFC 6750 §3.1).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKENS = {"ind-river-key": "u-river", "ind-lake-key": "u-lake", "ind-empty-key": "u-empty"}
EXPIRED = {"ind-river-2019": "u-river"}
_SECRET = b"independent-beeos"
_EPOCH = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc)


def _stamp(minutes: int) -> str:
    return (_EPOCH + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _world() -> list[dict]:
    """37 tasks for u-river over three agents (with created_at ties), 6 for u-lake, none for u-empty."""
    rows = []
    for n in range(37):
        closed = n % 4 == 0
        row = {
            "task_id": f"T-{n:04d}", "agent_id": ("helper.one", "helper.two", "helper.three")[n % 3], "caller_id": "u-river",
            "state": "closed" if closed else "active", "metadata": {"channel": "openapi", "n": str(n)},
            "deadline_at": _stamp(n // 2 * 7 + 600), "created_at": _stamp(n // 2 * 7),  # pairs share a created_at
            "_owner": "u-river", "_instance": f"inst-{n % 2}",
        }
        if closed:
            row |= {"close_reason": ("completed", "canceled", "timeout")[n % 3], "closed_at": _stamp(n // 2 * 7 + 3)}
        rows.append(row)
    for n in range(6):
        rows.append({"task_id": f"L-{n:04d}", "agent_id": "lake.agent", "caller_id": "u-lake", "state": "active",
                     "deadline_at": _stamp(n + 900), "created_at": _stamp(n * 11), "_owner": "u-lake", "_instance": "inst-9"})
    return rows


ROWS = _world()


def _error(status: int, code: str, message: str, kind: str, param: str | None = None, headers: dict | None = None) -> JSONResponse:
    error = {"code": code, "message": message, "type": kind} | ({"param": param} if param else {})
    return JSONResponse({"success": False, "error": error}, status_code=status, headers=headers)


def _owner(request: Request) -> str | JSONResponse:
    header = request.headers.get("authorization")
    if header is None:
        return _error(401, "missing_token", "Send Authorization: Bearer <key>.", "authentication_error", headers={"WWW-Authenticate": 'Bearer realm="independent"'})
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or token not in TOKENS:
        challenge = 'Bearer realm="independent", error="invalid_token"'
        return _error(401, "invalid_token", "That key is not valid here.", "authentication_error", headers={"WWW-Authenticate": challenge})
    return TOKENS[token]


def _sign(text: str) -> str:
    return hashlib.sha256(_SECRET + text.encode()).hexdigest()[:12]


def _cursor(owner: str, row: dict) -> str:
    text = f"{owner}|{row['created_at']}|{row['task_id']}"
    return base64.urlsafe_b64encode(f"{text}|{_sign(text)}".encode()).decode().rstrip("=")


def _after(owner: str, cursor: str) -> tuple[str, str] | None:
    try:
        who, created, task, mac = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split("|")
    except ValueError:
        return None
    return (created, task) if who == owner and mac == _sign(f"{who}|{created}|{task}") else None


def _list(request: Request, owner: str, agent: str | None) -> JSONResponse:
    query = request.query_params
    state = query.get("state", "active")
    if state not in ("active", "open", "closed", "all"):
        return _error(400, "invalid_param", "state must be active, open, closed or all.", "invalid_request_error", "state")
    raw = query.get("limit", "50")
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        return _error(400, "invalid_param", "limit must be a whole number from 1 to 100.", "invalid_request_error", "limit")
    for name in ("agent_id", "instance_id"):
        if len(query.get(name, "")) > 128:
            return _error(400, "invalid_param", f"{name} is longer than 128 characters.", "invalid_request_error", name)
    rows = [r for r in ROWS if r["_owner"] == owner]
    agent = agent if agent is not None else query.get("agent_id")
    if agent is not None:
        rows = [r for r in rows if r["agent_id"] == agent]
    if "instance_id" in query and agent is None and request.url.path == "/api/v1/tasks":
        rows = [r for r in rows if r["_instance"] == query["instance_id"]]
    if state != "all":
        rows = [r for r in rows if r["state"] == ("closed" if state == "closed" else "active")]
    rows.sort(key=lambda r: (r["created_at"], r["task_id"]), reverse=True)
    if query.get("since"):
        after = _after(owner, query["since"])
        if after is None:
            return _error(400, "invalid_param", "since is not a cursor this server gave you.", "invalid_request_error", "since")
        rows = [r for r in rows if (r["created_at"], r["task_id"]) < after]
    page = rows[: int(raw)]
    more = len(rows) > len(page)
    tasks = [{k: v for k, v in r.items() if not k.startswith("_")} for r in page]
    return JSONResponse({"success": True, "data": {"tasks": tasks, "next_since": _cursor(owner, page[-1]) if more else ""}})


async def user_tasks(request: Request) -> JSONResponse:
    owner = _owner(request)
    return owner if isinstance(owner, JSONResponse) else _list(request, owner, None)


async def agent_tasks(request: Request) -> JSONResponse:
    owner = _owner(request)
    if isinstance(owner, JSONResponse):
        return owner
    agent = request.path_params["agent_id"]
    if not any(r["_owner"] == owner and r["agent_id"] == agent for r in ROWS):
        return _error(404, "agent_not_found", f"No agent {agent} among your tasks.", "not_found_error")
    return _list(request, owner, agent)


app = Starlette(routes=[Route("/api/v1/tasks", user_tasks), Route("/api/v1/agents/{agent_id:str}/tasks", agent_tasks)])
