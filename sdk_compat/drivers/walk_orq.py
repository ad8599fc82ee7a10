"""Every orq call a client can make against a fixture world: walks both ways, every status, each error.

`adapter.tasks(token, agent_key, **query)` calls `ListAgentTasks`
(`GET /v2/agents/{agent_key}/tasks`); a query value left out is the client's own default (the
Python SDK sends `limit=10.0` by default). It returns a `Page` (ids, `overall_total`) parsed in
the client's own models or raises `Failure` / `ApiError`. The body has no cursor: a walk passes
the last id as `starting_after` until a short page, and back with `ending_before`.
"""

from __future__ import annotations

from typing import Any, Callable

from sdk_compat.drivers.tally import Page, Tally, query

STATUSES = (None, "inactive", "approval_required", "in_progress", "errored")
MAX_PAGES = 500


def forward(tally: Tally, label: str, limit: int, fetch: Callable[[str | None], Page], pages: int = MAX_PAGES) -> list[str] | None:
    """From the first page on with `starting_after` until a short page (or `pages` pages); the ids seen."""
    ids: list[str] = []
    after: str | None = None
    for _ in range(pages):
        page = tally.page(f"{label}{' starting_after=' + after if after else ''}", lambda: fetch(after))
        if page is None:
            return None
        ids += page.ids
        if len(page.ids) < limit or (page.total is not None and len(ids) >= page.total):
            break
        after = page.ids[-1]
    if len(set(ids)) != len(ids):
        tally.fail(label, "the forward walk returned a task twice")
    return ids


def backward(tally: Tally, label: str, ids: list[str], fetch: Callable[[str], Page]) -> None:
    """From the last task back to the first with `ending_before`; must see every other task once."""
    seen: list[str] = []
    before = ids[-1]
    for _ in range(MAX_PAGES):
        page = tally.page(f"{label} ending_before={before}", lambda: fetch(before))
        if page is None:
            return
        if not page.ids:
            break
        seen += page.ids
        earliest = min(page.ids, key=ids.index) if set(page.ids) <= set(ids) else page.ids[0]
        if earliest == before:
            tally.fail(label, f"ending_before={before} returned {before} itself")
            return
        before = earliest
        if before == ids[0]:
            break
    if sorted(seen) != sorted(ids[:-1]):
        tally.fail(label, f"the backward walk saw {len(seen)} tasks, the forward walk {len(ids) - 1} before the last")


def run(adapter: Any, plan: dict[str, Any], tally: Tally) -> None:
    for tenant in plan["tenants"]:
        token, who = tenant["token"], f" (as {tenant['id']})"
        for key in tenant["agents"]:
            path = f"GET /v2/agents/{key}/tasks"
            everything: list[str] | None = None
            for status in STATUSES:
                label = f"{path}{query(status=status)} (default limit){who}"
                ids = forward(tally, label, 10, lambda a, s=status: adapter.tasks(token, key, status=s, starting_after=a))
                if status is None:
                    everything = ids
            big = tally.page(f"{path}?limit=200{who}", lambda: adapter.tasks(token, key, limit=200))
            if big is not None and everything is not None and big.ids != everything[:200]:
                tally.fail(f"{path}?limit=200{who}", "one page at limit=200 differs from the walk at limit=10")
            forward(tally, f"{path}?limit=1 (first 3 pages){who}", 1,
                    lambda a: adapter.tasks(token, key, limit=1, starting_after=a), pages=3)
            if everything and len(everything) > 1:
                backward(tally, f"{path} (backward, default limit){who}", everything,
                         lambda b: adapter.tasks(token, key, ending_before=b))
        _errors(adapter, tenant, tally, who)


def _errors(adapter: Any, tenant: dict[str, Any], tally: Tally, who: str) -> None:
    token, key = tenant["token"], tenant["agents"][0]
    path = f"GET /v2/agents/{key}/tasks"
    tally.error(f"GET /v2/agents/sdk-compat-missing/tasks{who}", lambda: adapter.tasks(token, "sdk-compat-missing"), 404)
    tally.error(f"{path} with an unknown key", lambda: adapter.tasks("orq-sdk-compat-unknown", key), 401)
    if tenant.get("expired"):
        tally.error(f"{path} with an expired key{who}", lambda: adapter.tasks(tenant["expired"], key), 401)
    tally.error(f"{path}?limit=0{who}", lambda: adapter.tasks(token, key, limit=0), 400)
    tally.error(f"{path}?limit=201{who}", lambda: adapter.tasks(token, key, limit=201), 400)
