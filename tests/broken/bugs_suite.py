"""Bugs that the suite's own framework must make visible: a refused caller, an unreadable task
list, a wrong default, a missing resource that crashes, an expired credential still accepted."""

from __future__ import annotations

from tests.broken.rewrite import Response


def refuses_every_token(tokens):
    """Every credential is refused (a key store that lost its keys): preflight names the credential."""
    async def bug(req, forward):
        res = await forward(req.with_header("Authorization", "Bearer nobody"))
        return res
    return bug


def first_task_without_agent(tokens):
    """The caller's cross-agent list drops `agent_id` from its first task: discovery fails, auth and errors still run."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200 or req.path != "/api/v1/tasks" or not res.json["data"]["tasks"]:
            return res
        body = res.json
        body["data"]["tasks"][0].pop("agent_id", None)
        return res.with_json(body)
    return bug


def default_limit_is_5(tokens):
    """A request without `limit` gets 5 tasks a page, not the documented default 50."""
    async def bug(req, forward):
        return await forward(req.with_param("limit", "5") if req.param("limit") is None else req)
    return bug


def missing_agent_crashes(tokens):
    """A per-agent list of an agent nobody has crashes the handler: 500, plain text."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 404:
            return Response(500, {"content-type": "text/plain"}, b"Internal Server Error")
        return res
    return bug


def expired_key_accepted(tokens):
    """An expired key still works (the expiry is never compared): it reads its owner's tasks."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status == 401 and req.token and "expired" in req.token.lower():
            return await forward(req.with_header("Authorization", f"Bearer {tokens.mine}"))
        return res
    return bug


def tie_skipped_at_page_boundary(tokens):
    """A cursor built from the timestamp alone: when a page ends inside a run of equal `created_at`, the next page skips the rest of the run."""
    async def bug(req, forward):
        res = await forward(req)
        raw = req.param("limit")
        if res.status != 200 or not res.json["data"].get("next_since") or not res.json["data"]["tasks"] or not (raw or "50").isdigit() or int(raw or 50) >= 100:
            return res
        longer = await forward(req.with_param("limit", str(int(raw or 50) + 1)))
        tasks = longer.json["data"]["tasks"]
        if len(tasks) == int(raw or 50) + 1 and tasks[-1].get("created_at") == tasks[-2].get("created_at"):
            body = res.json
            body["data"]["next_since"] = longer.json["data"]["next_since"]
            return res.with_json(body)
        return res
    return bug


def quietest_agent_filtered_out(tokens):
    """`agent_id` of the caller's agent with the fewest tasks lists nothing (an off-by-one over the agent table)."""
    async def bug(req, forward):
        agent = req.param("agent_id") if req.path == "/api/v1/tasks" else None
        if agent is None:
            return await forward(req)
        every = await forward(req.with_param("agent_id", None).with_param("since", None).with_param("state", "all").with_param("limit", "100"))
        counts: dict[str, int] = {}
        for task in every.json["data"]["tasks"] if every.status == 200 else []:
            counts[task["agent_id"]] = counts.get(task["agent_id"], 0) + 1
        res = await forward(req)
        if res.status == 200 and counts and agent == min(sorted(counts), key=lambda a: counts[a]):
            # The server's own empty page, with its own end marker.
            return await forward(req.with_param("agent_id", "zz-nobody-has-this-agent").with_param("since", None))
        return res
    return bug


def org_limit_cuts_ties_wrongly(tokens):
    """org: when `limit` ends inside a run of equal `createdAt`, the last task kept is the wrong one of the run."""
    async def bug(req, forward):
        res = await forward(req)
        raw = req.param("limit")
        if res.status != 200 or "tasks" not in res.json or not (raw or "").isdigit() or int(raw) >= 100:
            return res
        longer = (await forward(req.with_param("limit", str(int(raw) + 1)))).json.get("tasks", [])
        if len(longer) == int(raw) + 1 and longer[-1]["createdAt"] == longer[-2]["createdAt"]:
            tasks = longer[:-2] + [longer[-1]]
            body = {**res.json, "tasks": tasks}
            if "taskIds" in body:
                body["taskIds"] = [t["taskId"] for t in tasks]
            return res.with_json(body)
        return res
    return bug


BUGS = [
    (refuses_every_token, "preflight"),
    (first_task_without_agent, "discovery.response"),
    (default_limit_is_5, "documented.default"),
    (missing_agent_crashes, "documented.missing_resource"),
    (expired_key_accepted, "auth.expired"),
    (tie_skipped_at_page_boundary, "pagination.ties"),
    (quietest_agent_filtered_out, "filters.agent"),
    (org_limit_cuts_ties_wrongly, "pagination.ties", "org"),
]


def several(*makers):
    """One server with several bugs at once: each request passes through every bug, last listed outermost."""
    def make(tokens):
        bugs = [m(tokens) for m in makers]

        async def bug(req, forward):
            chain = forward
            for one in bugs:
                chain = (lambda b, inner: (lambda r: b(r, inner)))(one, chain)
            return await chain(req)
        return bug
    return make


def one_deep_field_wrong(tokens):
    """The fourth task of every page has a numeric `task_id`: a violation deep inside a big body."""
    async def bug(req, forward):
        res = await forward(req)
        if res.status != 200 or len(res.json["data"]["tasks"]) < 4:
            return res
        body = res.json
        body["data"]["tasks"][3]["task_id"] = 4
        return res.with_json(body)
    return bug
