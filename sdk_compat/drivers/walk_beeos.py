"""Every BeeOS call a client can make against a fixture world: full walks, every filter, each error.

`adapter` is the client under test: `user(token, **query)` calls `listUserTasks`
(`GET /api/v1/tasks`), `agent(token, agent_id, **query)` calls `listAgentTasks`; a `None`
value is not sent (the SDK sends no defaults). Both return a `Page` parsed in the client's own
models or raise `Failure` / `ApiError`.
"""

from __future__ import annotations

from typing import Any, Callable

from sdk_compat.drivers.tally import Page, Tally, query

STATES = (None, "active", "open", "closed", "all")
CODES = {  # the published error codes per status (reference sheet beeos.md, "Errors")
    400: {"invalid_json", "invalid_body", "invalid_param", "missing_param"},
    401: {"unauthorized", "invalid_token", "missing_token"},
    404: {"agent_not_found"},
}
MAX_PAGES = 2000


def walk(tally: Tally, label: str, fetch: Callable[[str | None], Page], pages: int = MAX_PAGES) -> list[str] | None:
    """Follow `next_since` from the first page to the end (or `pages` pages); the ids seen, None if a page failed."""
    ids: list[str] = []
    cursor: str | None = None
    for number in range(pages):
        page = tally.page(f"{label}{' since=<page %d cursor>' % number if cursor else ''}", lambda: fetch(cursor))
        if page is None:
            return None
        ids += page.ids
        if not page.next:
            break
        cursor = page.next
    if len(set(ids)) != len(ids):
        tally.fail(label, "the walk returned a task twice")
    return ids


def run(adapter: Any, plan: dict[str, Any], tally: Tally) -> None:
    for tenant in plan["tenants"]:
        token, who = tenant["token"], f" (as {tenant['id']})"
        user = "GET /api/v1/tasks"
        for state in STATES:
            for limit in (None, 100):
                label = f"{user}{query(state=state, limit=limit)}{who}"
                walk(tally, label, lambda c, s=state, n=limit: adapter.user(token, state=s, limit=n, since=c))
        walk(tally, f"{user}?state=all&limit=7{who}", lambda c: adapter.user(token, state="all", limit=7, since=c))
        walk(tally, f"{user}?limit=1{who} (first 3 pages)", lambda c: adapter.user(token, limit=1, since=c), pages=3)
        walk(tally, f"{user}?instance_id=inst_sdk_compat&state=all{who}",
             lambda c: adapter.user(token, instance_id="inst_sdk_compat", state="all", since=c))
        for agent in tenant["agents"]:
            walk(tally, f"{user}?agent_id={agent}&state=all{who}",
                 lambda c, a=agent: adapter.user(token, agent_id=a, state="all", limit=100, since=c))
            for state in STATES:
                label = f"GET /api/v1/agents/{agent}/tasks{query(state=state)}{who}"
                walk(tally, label, lambda c, a=agent, s=state: adapter.agent(token, a, state=s, since=c))
        _errors(adapter, tenant, tally, who)


def _errors(adapter: Any, tenant: dict[str, Any], tally: Tally, who: str) -> None:
    token = tenant["token"]
    tally.error("GET /api/v1/tasks without credentials", lambda: adapter.user(None), 401, CODES[401])
    tally.error("GET /api/v1/tasks with an unknown token", lambda: adapter.user("oag_sdk_compat_unknown"), 401, CODES[401])
    if tenant.get("expired"):
        tally.error(f"GET /api/v1/tasks with an expired key{who}", lambda: adapter.user(tenant["expired"]), 401, CODES[401])
        tally.error(f"GET /api/v1/agents/{{agentId}}/tasks with an expired key{who}",
                    lambda: adapter.agent(tenant["expired"], tenant["agents"][0]), 401, CODES[401])
    tally.error(f"GET /api/v1/agents/agt_sdk_compat_missing/tasks{who}",
                lambda: adapter.agent(token, "agt_sdk_compat_missing"), 404, CODES[404])
    tally.error(f"GET /api/v1/tasks?state=bogus{who}", lambda: adapter.user(token, state="bogus"), 400, CODES[400])
    tally.error(f"GET /api/v1/tasks?since=not-a-cursor{who}", lambda: adapter.user(token, since="not-a-cursor"), 400, CODES[400])
    tally.error(f"GET /api/v1/agents/{{agentId}}/tasks?state=bogus{who}",
                lambda: adapter.agent(token, tenant["agents"][0], state="bogus"), 400, CODES[400])
