"""Bugs real orq-style servers have, each as a rewrite of the correct mock's requests or responses."""

from __future__ import annotations

import re

from tests.broken.rewrite import Response, existence_oracle, tenant_leak

_STATUS = re.compile(r"^(inactive|approval_required|in_progress|errored)(,(inactive|approval_required|in_progress|errored))*$")
"""A bug that ignores a filter still validates it: only a valid value is ignored."""


def _with(res: Response, **changes) -> Response:
    return res.with_json({**res.json, **changes})


def ending_before_ascending(tokens):
    """`ending_before` runs the query in ascending order and forgets to reverse it: the page comes oldest first."""
    async def bug(req, forward):
        res = await forward(req)
        return _with(res, tasks=res.json["tasks"][::-1]) if res.status == 200 and req.param("ending_before") else res
    return bug


def starting_after_inclusive(tokens):
    """`starting_after=X` includes X itself (`<=` for `<`): the last task of a page opens the next one."""
    seen: dict[str, dict] = {}

    async def bug(req, forward):
        after, limit = req.param("starting_after"), req.param("limit") or "10"
        if after in seen and limit.isdigit() and 1 < int(limit) <= 200:
            res = await forward(req.with_param("limit", str(int(limit) - 1)))
            return _with(res, tasks=[seen[after], *res.json["tasks"]]) if res.status == 200 else res
        res = await forward(req)
        if res.status == 200:
            seen.update((t["_id"], t) for t in res.json["tasks"])
        return res
    return bug


def total_is_page_size(tokens):
    """`overall_total` is the size of the page, not the number of matching tasks."""
    async def bug(req, forward):
        res = await forward(req)
        return _with(res, overall_total=len(res.json["tasks"])) if res.status == 200 else res
    return bug


def status_list_first_only(tokens):
    """`status=a,b` is read as `status=a`: the comma list is validated but not split."""
    async def bug(req, forward):
        status = req.param("status")
        return await forward(req.with_param("status", status.split(",")[0]) if status and _STATUS.match(status) else req)
    return bug


def status_ignored(tokens):
    """A valid `status` filter is accepted but dropped: every status comes back (the total too)."""
    async def bug(req, forward):
        status = req.param("status")
        return await forward(req.with_param("status", None) if status and _STATUS.match(status) else req)
    return bug


def workspace_not_checked(tokens):
    """An agent key is resolved across workspaces: another workspace's agent lists its tasks."""
    return tenant_leak(tokens)


def foreign_agent_named(tokens):
    """A foreign agent gets a 404 whose message says it exists elsewhere (an existence oracle)."""
    return existence_oracle(tokens, {"message": "agent belongs to another workspace"})


def integer_limit_only(tokens):
    """`limit` is typed integer: the official Python SDK's `limit=10.0` is refused with a 400."""
    async def bug(req, forward):
        limit = req.param("limit")
        res = await forward(req)
        if limit is not None and not limit.lstrip("-").isdigit():
            return res.with_json({"message": f"query parameter 'limit': {limit!r} is not of type 'integer'"}, status=400)
        return res
    return bug


def null_for_absent(tokens):
    """An optional field the task does not have is sent as `null` (the Node SDK rejects it) instead of omitted."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200:
            return res
        tasks = [{"created_by_id": None, "updated_by_id": None, **t} for t in res.json["tasks"]]
        return _with(res, tasks=tasks)
    return bug


def tools_without_id(tokens):
    """Tool items carry the old `type` instead of the published `id` and `action_type` (both SDKs fail on them)."""
    def old_tool(tool):
        return {"type": tool["action_type"], **{k: v for k, v in tool.items() if k not in ("id", "action_type")}}

    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200:
            return res
        tasks = []
        for task in res.json["tasks"]:
            snapshot = task["agent_manifest_snapshot"]
            settings = {**snapshot["settings"], "tools": [old_tool(t) for t in snapshot["settings"]["tools"]]}
            tasks.append({**task, "agent_manifest_snapshot": {**snapshot, "settings": settings}})
        return _with(res, tasks=tasks)
    return bug


def both_cursors_accepted(tokens):
    """With both cursors, `ending_before` is silently dropped instead of the request refused."""
    async def bug(req, forward):
        return await forward(req.with_param("ending_before", None) if req.param("starting_after") else req)
    return bug


BUGS = [
    (ending_before_ascending, "pagination.ending_before"),
    (starting_after_inclusive, "pagination.no_duplicate"),
    (total_is_page_size, "totals.overall_total"),
    (status_list_first_only, "filters.status_union"),
    (status_ignored, "filters.status"),
    (workspace_not_checked, "isolation.foreign_resource"),
    (foreign_agent_named, "isolation.foreign_resource"),
    (integer_limit_only, "pagination.response"),
    (null_for_absent, "schema.response_schema_conformance"),
    (tools_without_id, "schema.response_schema_conformance"),
    (both_cursors_accepted, "errors.status"),
]
