"""An independent orq.ai "list an agent's tasks" server, written from the published contract
(../shared/reference/orq.md, reference shape O1) and the seed, not from the mock.

Choices the contract leaves open, made unlike the mock (so `--strict` fails it): unknown query
parameters are ignored, the agent is looked up before the query is validated, and a request
without credentials gets a challenge without an error attribute. Errors are `{message}` (the
one published error body). Cursors are task `_id`s compared as strings, so any value is a
position in the list; statuses are read from `state` (error, then waiting_for_approval, then
inactive, else in progress).
"""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKENS = {"orq-ind-north": "ws-north", "orq-ind-south": "ws-south", "orq-ind-empty": "ws-empty"}
EXPIRED = {"orq-ind-north-2024": "ws-north"}
AGENTS = {"ws-north": {"planner": 31, "scribe": 3, "idle-bot": 0}, "ws-south": {"southie": 5}, "ws-empty": {"lonely": 0}}
STATUSES = ("inactive", "approval_required", "in_progress", "errored")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
"""`limit` is a `number` (1..200): `10`, `10.0` (the Python SDK) and `2.5` (schema-valid; the page holds 2) are all accepted."""


def _ulid(n: int) -> str:
    """A 26-character ULID-shaped id that sorts with `n` (later tasks sort higher)."""
    digits = ""
    for _ in range(10):
        n, rest = divmod(n, 32)
        digits = _CROCKFORD[rest] + digits
    return "01K3" + "Q" * 12 + digits


def _state(n: int) -> dict:
    kind = n % 5
    state = {"waiting_for_approval": kind == 1, "inactive": kind in (0, 4), "iteration": 1 + n % 7, "accumulated_execution_time": float(n % 11)}
    return state | ({"error": "tool call timed out"} if kind == 4 else {})


def _world() -> list[dict]:
    rows, serial = [], 0
    for workspace, agents in AGENTS.items():
        for agent, count in agents.items():
            for n in range(count):
                serial += 1
                rows.append({
                    "_id": _ulid(serial * 7919), "workspace_id": workspace, "name": f"{agent} run {n}",
                    "agent_manifest_snapshot": {"_id": f"man-{agent}", "key": agent, "role": "Assistant", "description": f"The {agent} agent.",
                                                "instructions": "Be brief.", "model": {"id": "openai/gpt-4o-mini", "integration_id": None}},
                    "created_by_id": "user-7", "created": f"2026-02-{1 + n % 27:02d}T10:00:00Z", "updated": f"2026-02-{1 + n % 27:02d}T10:05:00Z",
                    "state": _state(serial), "metrics": {"prompt_tokens": 10 + n, "completion_tokens": 5 + n, "total_tokens": 15 + 2 * n, "total_cost": 0.001},
                })
    return rows


ROWS = _world()


def status_of(row: dict) -> str:
    state = row["state"]
    if state.get("error"):
        return "errored"
    if state.get("waiting_for_approval"):
        return "approval_required"
    return "inactive" if state.get("inactive", True) else "in_progress"


def _refuse(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status, headers=headers)


async def list_tasks(request: Request) -> JSONResponse:
    header = request.headers.get("authorization")
    if header is None:
        return _refuse(401, "Missing API key.", {"WWW-Authenticate": 'Bearer realm="orq-independent"'})
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or token not in TOKENS:
        return _refuse(401, "Invalid API key.", {"WWW-Authenticate": 'Bearer realm="orq-independent", error="invalid_token"'})
    workspace, agent = TOKENS[token], request.path_params["agent_key"]
    if agent not in AGENTS[workspace]:
        return _refuse(404, "No agent tasks found")
    query = request.query_params
    raw = query.get("limit", "10")
    if not _NUMBER.match(raw) or not 1 <= float(raw) <= 200:
        return _refuse(400, "limit must be a number between 1 and 200")
    wanted = query.get("status")
    if wanted is not None and (not wanted or any(s not in STATUSES for s in wanted.split(","))):
        return _refuse(400, f"status must be among {', '.join(STATUSES)}")
    if "starting_after" in query and "ending_before" in query:
        return _refuse(400, "starting_after and ending_before cannot be combined")
    rows = sorted((r for r in ROWS if r["workspace_id"] == workspace and r["agent_manifest_snapshot"]["key"] == agent), key=lambda r: r["_id"], reverse=True)
    if wanted:
        rows = [r for r in rows if status_of(r) in wanted.split(",")]
    total, limit = len(rows), int(float(raw))
    if query.get("starting_after"):
        page = [r for r in rows if r["_id"] < query["starting_after"]][:limit]
    elif query.get("ending_before"):
        page = [r for r in rows if r["_id"] > query["ending_before"]][-limit:]
    else:
        page = rows[:limit]
    return JSONResponse({"tasks": page, "overall_total": total})


app = Starlette(routes=[Route("/v2/agents/{agent_key:str}/tasks", list_tasks)])
