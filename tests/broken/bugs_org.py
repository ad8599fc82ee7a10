"""Bugs real servers of the organisation tasks API have, each as a rewrite of the correct mock."""

from __future__ import annotations

import uuid

from tests.broken.rewrite import Response, existence_oracle, tenant_leak

_FILTERS = ("status", "taskListId", "assignedAgentId")
_STATUSES = {"pending", "in_progress", "completed", "failed", "cancelled", "blocked"}
"""A bug that ignores a filter still validates it: only a valid value is ignored."""


def _order(task: dict) -> tuple[int, str]:
    return task["createdAt"], task["taskId"]


def depends_on_first_dependency(tokens):
    """`dependsOn=X` matches only tasks whose *first* dependency is X (`dependsOn[0]`)."""
    async def bug(req, forward):
        target = req.param("dependsOn")
        if target is None or req.param("includeDetails") not in (None, "true", "false"):
            return await forward(req)
        res = await forward(req.with_param("includeDetails", "true"))
        if res.status != 200:
            return res
        kept = [t for t in res.json["tasks"] if t["dependsOn"][0].lower() == target.lower()]
        body = {"taskIds": [t["taskId"] for t in kept], "count": len(kept), "dependsOn": target}
        return res.with_json(body | ({"tasks": kept} if req.param("includeDetails") == "true" else {}))
    return bug


def depends_on_reads_blocked_by(tokens):
    """`dependsOn=X` returns the tasks whose `blockedByTaskIds` contain X (only blocked tasks), not those depending on X."""
    async def bug(req, forward):
        target = req.param("dependsOn")
        if target is None or req.param("includeDetails") not in (None, "true", "false"):
            return await forward(req)
        res = await forward(req.with_param("dependsOn", None).with_param("includeDetails", None).with_param("limit", "100"))
        if res.status != 200:
            return res
        kept = [t for t in res.json["tasks"] if target.lower() in (t["blockedByTaskIds"] or ())][: int(req.param("limit") or 50)]
        body = {"taskIds": [t["taskId"] for t in kept], "count": len(kept), "dependsOn": target}
        return res.with_json(body | ({"tasks": kept} if req.param("includeDetails") == "true" else {}))
    return bug


def details_as_plain_list(tokens):
    """`dependsOn` with `includeDetails=true` answers the plain list shape `{tasks, count}`: no `taskIds`, no `dependsOn`."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 200 and req.param("includeDetails") == "true" and "tasks" in res.json:
            return res.with_json({"tasks": res.json["tasks"], "count": res.json["count"]})
        return res
    return bug


def include_details_ignored(tokens):
    """`includeDetails=true` is validated but ignored: only ids come back."""
    async def bug(req, forward):
        return await forward(req.with_param("includeDetails", None) if req.param("includeDetails") in ("true", "false") else req)
    return bug


def count_is_total(tokens):
    """`count` is the number of matching tasks, not the number returned (it ignores `limit`)."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200:
            return res
        everything = await forward(req.with_param("limit", "100"))
        return res.with_json({**res.json, "count": everything.json["count"]})
    return bug


def task_ids_sorted(tokens):
    """With details, `taskIds` is sorted by id while `tasks` keeps the list order."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 200 and "tasks" in res.json and "taskIds" in res.json:
            return res.with_json({**res.json, "taskIds": sorted(res.json["taskIds"])})
        return res
    return bug


def later_filters_after_limit(tokens):
    """With several filters, the query applies the first one and `limit`; the others filter that page in memory."""
    async def bug(req, forward):
        given = [name for name in _FILTERS if req.param(name)]
        if len(given) < 2 or req.param("dependsOn") is not None:
            return await forward(req)
        first = req
        for name in given[1:]:
            first = first.with_param(name, None)
        res = await forward(first)
        if res.status != 200:
            return res
        kept = [t for t in res.json["tasks"] if all(t[name] == req.param(name) for name in given[1:])]
        return res.with_json({"tasks": kept, "count": len(kept)})
    return bug


def status_ignored(tokens):
    """A valid `status` filter is accepted but dropped."""
    async def bug(req, forward):
        return await forward(req.with_param("status", None) if req.param("status") in _STATUSES else req)
    return bug


def oldest_first(tokens):
    """The list comes oldest first within the limit (an ascending sort)."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200:
            return res
        body = dict(res.json)
        for key in ("tasks", "taskIds"):
            if key in body:
                body[key] = body[key][::-1]
        return res.with_json(body)
    return bug


def limit_plus_one(tokens):
    """One task more than `limit` comes back (a `<=` in the loop)."""
    async def bug(req, forward):
        limit = req.param("limit")
        if limit is not None and limit.isdigit() and 1 <= int(limit) < 100:
            return await forward(req.with_param("limit", str(int(limit) + 1)))
        return await forward(req)
    return bug


def other_organisation_forbidden(tokens):
    """Another organisation that exists gets 403 (not the 404 of a nonexistent one): existence leaks."""
    return existence_oracle(tokens, {"error": True, "message": "forbidden: not your organisation"}, status=403)


def key_not_bound_to_organisation(tokens):
    """Any valid key may read any organisation: the path is not checked against the key."""
    return tenant_leak(tokens)


def crash_on_bad_uuid(tokens):
    """A `dependsOn` that is not a UUID crashes the lookup: 500 "Failed to list tasks"."""
    async def bug(req, forward):
        target = req.param("dependsOn")
        try:
            if target is not None:
                uuid.UUID(target)
        except ValueError:
            return Response(500, {}, b"").with_json({"error": True, "message": "Failed to list tasks"})
        return await forward(req)
    return bug


def plain_text_unauthorized(tokens):
    """401s are a plain-text "Unauthorized", not the API's JSON error envelope."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 401:
            return res
        return Response(401, {"content-type": "text/plain", "www-authenticate": res.headers.get("www-authenticate", "Bearer")}, b"Unauthorized")
    return bug


BUGS = [
    (depends_on_first_dependency, "equivalence.depends_on"),
    (depends_on_reads_blocked_by, "equivalence.depends_on"),
    (details_as_plain_list, "totals.shape"),
    (include_details_ignored, "equivalence.shape"),
    (count_is_total, "totals.count"),
    (task_ids_sorted, "totals.task_ids"),
    (later_filters_after_limit, "filters.intersection"),
    (status_ignored, "filters.match"),
    (oldest_first, "pagination.order"),
    (limit_plus_one, "pagination.limit_prefix"),
    (other_organisation_forbidden, "isolation.foreign_resource"),
    (key_not_bound_to_organisation, "isolation.foreign_resource"),
    (crash_on_bad_uuid, "errors.status"),
    (plain_text_unauthorized, "auth.envelope"),
]
