"""Bugs real BeeOS-style servers have, each as a rewrite of the correct mock's requests or responses."""

from __future__ import annotations

import datetime as dt
import json

from tests.broken.rewrite import Request, Response

_KNOWN = {"agent_id", "instance_id", "state", "since", "limit"}
_STATES = {"active", "open", "closed", "all"}
"""A bug that ignores a filter still validates it: only a valid value is ignored."""
_END = "end-of-list"


def _limit(req: Request) -> int:
    return int(req.param("limit") or 50)


def _more(res: Response) -> bool:
    """Whether a 200 page hands out a cursor (the last page's `next_since` is empty)."""
    return bool(res.json["data"].get("next_since"))


def _with_data(res: Response, **changes) -> Response:
    body = res.json
    body["data"].update(changes)
    return res.with_json(body)


def off_by_one_cursor(tokens):
    """`next_since` points at the page's last task, not past it (`<=` for `<`): it comes again."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200 or not _more(res):
            return res
        if _limit(req) == 1:
            return _with_data(res, next_since=req.param("since") or res.json["data"]["next_since"])
        shorter = await forward(req.with_param("limit", str(_limit(req) - 1)))
        return _with_data(res, next_since=shorter.json["data"]["next_since"])
    return bug


def cursor_skips_one(tokens):
    """`next_since` points one task too far: the first task of every next page is never listed."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200 or not _more(res) or _limit(req) >= 100:
            return res
        longer = await forward(req.with_param("limit", str(_limit(req) + 1)))
        return _with_data(res, next_since=longer.json["data"]["next_since"])
    return bug


def cursor_after_full_last_page(tokens):
    """A last page that is exactly full still gets a `next_since`, which leads to an empty page."""
    async def bug(req, forward):
        if req.param("since") == _END:
            return Response(200, {"content-type": "application/json"}, b"").with_json({"success": True, "data": {"tasks": [], "next_since": ""}})
        res = await forward(req)
        if res.status == 200 and not _more(res) and len(res.json["data"]["tasks"]) == _limit(req):
            return _with_data(res, next_since=_END)
        return res
    return bug


def oldest_first_within_page(tokens):
    """Each page holds the right tasks, oldest first (a reversed sort key)."""
    async def bug(req, forward):
        res = await forward(req)
        return _with_data(res, tasks=res.json["data"]["tasks"][::-1]) if res.status == 200 else res
    return bug


def state_ignored(tokens):
    """A valid `state` is accepted but never reaches the query: every state lists everything."""
    async def bug(req, forward):
        return await forward(req.with_param("state", "all") if req.param("state") in _STATES | {None} else req)
    return bug


def active_hides_overdue(tokens):
    """The legacy `active` (and the default) also hides open tasks past their deadline, unlike `open`."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200 or req.param("state") not in (None, "active"):
            return res
        now = dt.datetime.now(dt.timezone.utc)
        kept = [t for t in res.json["data"]["tasks"] if "deadline_at" not in t or dt.datetime.fromisoformat(t["deadline_at"]) > now]
        return _with_data(res, tasks=kept)
    return bug


def agent_filter_ignored(tokens):
    """`/tasks?agent_id=X` validates `agent_id` but ignores it: every agent's tasks come back."""
    async def bug(req, forward):
        agent = req.param("agent_id")
        ignored = req.path == "/api/v1/tasks" and agent is not None and len(agent) <= 128
        return await forward(req.with_param("agent_id", None) if ignored else req)
    return bug


def agent_path_ignores_state(tokens):
    """`/agents/X/tasks` lists every state, so it differs from `/tasks?agent_id=X&state=...`."""
    async def bug(req, forward):
        ignored = req.path.startswith("/api/v1/agents/") and req.param("state") in _STATES
        return await forward(req.with_param("state", "all") if ignored else req)
    return bug


def owner_acl_on_agent_only(tokens):
    """`/agents/X/tasks` checks only that the agent exists, not whose tasks it lists: another owner's leak."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 404 and req.path.startswith("/api/v1/agents/"):
            leaked = await forward(req.with_header("Authorization", f"Bearer {tokens.theirs}").with_param("since", None))
            return leaked if leaked.status == 200 else res
        return res
    return bug


def bad_cursor_restarts(tokens):
    """A tampered or foreign `since` is not refused: the list silently restarts from the top."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 400 and res.json["error"].get("param") == "since":
            return await forward(req.with_param("since", None))
        return res
    return bug


def missing_token_accepted(tokens):
    """No Authorization header at all is served as the first tenant (a default user left in)."""
    async def bug(req, forward):
        return await forward(req.with_header("Authorization", f"Bearer {tokens.mine}") if "authorization" not in req.headers else req)
    return bug


def no_www_authenticate(tokens):
    """401s come without the `WWW-Authenticate` challenge."""
    async def bug(req, forward):
        return (await forward(req)).without_header("www-authenticate")
    return bug


def key_prefix_lookup(tokens):
    """An API key is looked up by its first 16 characters; the rest is never compared."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 401 and req.token and req.token[:16] == tokens.mine[:16]:
            return await forward(req.with_header("Authorization", f"Bearer {tokens.mine}"))
        return res
    return bug


def parameters_before_auth(tokens):
    """Parameters are validated before credentials: bad credentials with a bad parameter get 400."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 401:
            checked = await forward(req.with_header("Authorization", f"Bearer {tokens.mine}"))
            return checked if checked.status == 400 else res
        return res
    return bug


def crash_on_bad_limit(tokens):
    """A `limit` outside 1..100 (or not a number) crashes the handler: 500, plain text."""
    async def bug(req, forward):
        raw = req.param("limit")
        if raw is not None and not (raw.isdigit() and 1 <= int(raw) <= 100):
            return Response(500, {"content-type": "text/plain"}, b"Internal Server Error")
        return await forward(req)
    return bug


def clamps_limit(tokens):
    """An out-of-range `limit` is clamped to 1..100 instead of refused."""
    async def bug(req, forward):
        raw = req.param("limit")
        if raw is not None and raw.lstrip("-").isdigit():
            return await forward(req.with_param("limit", str(min(max(int(raw), 1), 100))))
        return await forward(req)
    return bug


def unknown_parameters_ignored(tokens):
    """Unknown query parameters (`?stat=open`) are silently dropped: the typo returns unfiltered data."""
    async def bug(req, forward):
        for name in {k for k, _ in req.query} - _KNOWN:
            req = req.with_param(name, None)
        return await forward(req)
    return bug


def problem_json_errors(tokens):
    """400s come as RFC 7807 problem+json, not in the API's `{success: false, error}` envelope."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 400:
            return res
        body = json.dumps({"type": "about:blank", "title": "Bad Request", "status": 400, "detail": res.json["error"]["message"]}).encode()
        return Response(400, {"content-type": "application/problem+json", "content-length": str(len(body))}, body)
    return bug


def sends_null_fields(tokens):
    """Optional fields without a value are sent as `null` (`close_reason`, `closed_at` of active tasks), not left out."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200:
            return res
        return _with_data(res, tasks=[{"close_reason": None, "closed_at": None, **t} for t in res.json["data"]["tasks"]])
    return bug


def invented_error_code(tokens):
    """A forged or foreign cursor is refused with a code of its own (`invalid_cursor`), not the published `invalid_param`."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 400 and res.json["error"].get("param") == "since":
            body = res.json
            body["error"]["code"] = "invalid_cursor"
            return res.with_json(body)
        return res
    return bug


BUGS = [
    (off_by_one_cursor, "pagination.no_duplicate"),
    (cursor_skips_one, "pagination.no_gap"),
    (cursor_after_full_last_page, "pagination.end_marker"),
    (oldest_first_within_page, "pagination.order"),
    (state_ignored, "filters.state"),
    (active_hides_overdue, "filters.state_alias"),
    (agent_filter_ignored, "filters.agent"),
    (agent_path_ignores_state, "equivalence.agent_tasks"),
    (owner_acl_on_agent_only, "isolation.foreign_resource"),
    (bad_cursor_restarts, "errors.invalid_param"),
    (invented_error_code, "errors.invalid_param"),
    (missing_token_accepted, "auth.rejected"),
    (no_www_authenticate, "auth.challenge"),
    (key_prefix_lookup, "auth.rejected"),
    (parameters_before_auth, "auth.before_params"),
    (crash_on_bad_limit, "errors.status"),
    (clamps_limit, "errors.status"),
    (unknown_parameters_ignored, "errors.status"),
    (problem_json_errors, "errors.envelope"),
    (sends_null_fields, "schema.response_schema_conformance"),
]
