"""An independent organisation-tasks server (QuantCDN `listTasks`), written from the published contract
(../shared/reference/org.md) and the seed, not from the mock: its own store, ids, wording and sizes.

Choices the contract leaves open, made unlike the mock (so `--strict` fails it): unknown query
parameters are ignored, the organisation is looked up before the query is validated, and a
request without credentials gets a challenge without an error attribute. Errors use QuantCDN's
`V2Error` shape `{error: true, message}`; list items carry the twelve published keys plus each
task's own `dependsOn` (extra keys are allowed), which the reverse lookup reads.
"""

from __future__ import annotations

import uuid

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKENS = {"qc-alpha-token": "alpha-co", "qc-beta-token": "beta-co", "qc-empty-token": "empty-co"}
EXPIRED = {"qc-alpha-2020": "alpha-co"}
ORGS = {"alpha-co", "beta-co", "empty-co"}
STATUSES = ("pending", "in_progress", "completed", "failed", "cancelled", "blocked")
_NS = uuid.UUID("3f0c7c52-1f7e-4d7b-9a55-0c1f2e3d4b5a")
_T0 = 1767225600000  # 2026-01-01T00:00:00Z in ms


def _id(org: str, n: int) -> str:
    return str(uuid.uuid5(_NS, f"{org}/{n}"))


def _world() -> list[dict]:
    """23 tasks for alpha-co (createdAt ties in threes, dependsOn links), 4 for beta-co, none for empty-co."""
    rows = []
    for n in range(23):
        status = STATUSES[n % 6]
        waits = [_id("alpha-co", m) for m in (n - 1, n - 3) if m >= 0 and n % 2 == 0]
        row = {
            "taskId": _id("alpha-co", n), "orgId": "alpha-co", "taskListId": ("sprint-a", "sprint-b", None)[n % 3],
            "title": f"Alpha job {n}", "description": "Generated for the contract suite.", "status": status,
            "assignedAgentId": ("bot-writer", "bot-checker", None, "bot-writer")[n % 4], "progress": round((n % 5) / 4, 2),
            "blockedReason": "waiting on review" if status == "blocked" else None,
            "blockedByTaskIds": waits[:1] if status == "blocked" else None,
            "createdAt": _T0 + (n // 3) * 60_000, "updatedAt": _T0 + (n // 3) * 60_000 + 500, "dependsOn": waits,
        }
        rows.append(row)
    for n in range(4):
        rows.append({"taskId": _id("beta-co", n), "orgId": "beta-co", "taskListId": "beta-list", "title": f"Beta {n}",
                     "description": "", "status": "pending", "assignedAgentId": None, "progress": 0, "blockedReason": None,
                     "blockedByTaskIds": None, "createdAt": _T0 + n * 7_000, "updatedAt": _T0 + n * 7_000, "dependsOn": []})
    return rows


ROWS = _world()


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": True, "message": message}, status_code=status, headers=headers)


def _caller(request: Request) -> str | JSONResponse:
    header = request.headers.get("authorization")
    if header is None:
        return _error(401, "Authentication required.", {"WWW-Authenticate": 'Bearer realm="quant-independent"'})
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or token not in TOKENS:
        return _error(401, "Invalid or expired token.", {"WWW-Authenticate": 'Bearer realm="quant-independent", error="invalid_token"'})
    return TOKENS[token]


def _invalid(query) -> str | None:
    """Why the query is invalid, or None (unknown parameters are ignored)."""
    if "status" in query and query["status"] not in STATUSES:
        return f"status must be one of {', '.join(STATUSES)}"
    if "limit" in query and not (query["limit"].isdigit() and 1 <= int(query["limit"]) <= 100):
        return "limit must be an integer between 1 and 100"
    if "includeDetails" in query and query["includeDetails"] not in ("true", "false"):
        return "includeDetails must be true or false"
    if "dependsOn" in query:
        try:
            uuid.UUID(query["dependsOn"])
        except ValueError:
            return "dependsOn must be a task id (UUID)"
    return None


async def list_tasks(request: Request) -> JSONResponse:
    caller = _caller(request)
    if isinstance(caller, JSONResponse):
        return caller
    org = request.path_params["organisation"]
    if org != caller:
        return _error(404, f"Organisation {org} not found.")
    query = request.query_params
    problem = _invalid(query)
    if problem:
        return _error(400, problem)
    rows = [r for r in ROWS if r["orgId"] == org]
    for name in ("status", "taskListId", "assignedAgentId"):
        if name in query:
            rows = [r for r in rows if r[name] == query[name]]
    target = query.get("dependsOn")
    if target is not None:
        rows = [r for r in rows if target.lower() in {d.lower() for d in r["dependsOn"]}]
    rows = sorted(rows, key=lambda r: (r["createdAt"], r["taskId"]), reverse=True)[: int(query.get("limit", "50"))]
    if target is None:
        return JSONResponse({"tasks": rows, "count": len(rows)})
    body = {"taskIds": [r["taskId"] for r in rows], "count": len(rows), "dependsOn": target}
    return JSONResponse(body | ({"tasks": rows} if query.get("includeDetails") == "true" else {}))


app = Starlette(routes=[Route("/api/v3/organizations/{organisation:str}/ai/tasks", list_tasks)])
