"""Every org (QuantCDN) call a client can make against a fixture world: every filter, every shape, each error.

`adapter.tasks(token, organisation, **query)` calls `listTasks`
(`GET /api/v3/organizations/{organisation}/ai/tasks`); a `None` value is not sent. It returns a
`Page` whose `keys` are the typed top-level fields the client filled. The published 200 is one
object whose keys depend on the request: `tasks`+`count`; with `dependsOn`: `taskIds`, `count`,
`dependsOn`; with `includeDetails=true` also `tasks`. A client that parses a shape but leaves one
of its keys untyped (or drops it) fails here.
"""

from __future__ import annotations

from typing import Any

from sdk_compat.drivers.tally import Page, Tally

STATUSES = ("pending", "in_progress", "completed", "failed", "cancelled", "blocked")
PLAIN = frozenset({"tasks", "count"})
IDS_ONLY = frozenset({"taskIds", "count", "dependsOn"})
DETAILED = IDS_ONLY | {"tasks"}
DEPENDS_ON_SAMPLE = 12  # dependsOn targets asked per organisation (each in three shapes)


def call(tally: Tally, label: str, fetch: Any, shape: frozenset[str]) -> Page | None:
    """One call whose parsed response must have exactly the typed keys of `shape`."""
    page = tally.page(label, fetch)
    if page is not None and page.keys != shape:
        missing, extra = sorted(shape - page.keys), sorted(page.keys - shape)
        tally.fail(label, f"response shape: missing {missing}, unexpected {extra}")
    return page


def run(adapter: Any, plan: dict[str, Any], tally: Tally) -> None:
    for tenant in plan["tenants"]:
        token, org, who = tenant["token"], tenant["id"], f" (as {tenant['id']})"
        path = f"GET /api/v3/organizations/{org}/ai/tasks"
        everything = call(tally, f"{path}{who}", lambda: adapter.tasks(token, org), PLAIN)
        call(tally, f"{path}?limit=100{who}", lambda: adapter.tasks(token, org, limit=100), PLAIN)
        call(tally, f"{path}?limit=1{who}", lambda: adapter.tasks(token, org, limit=1), PLAIN)
        for status in STATUSES:
            call(tally, f"{path}?status={status}&limit=100{who}", lambda s=status: adapter.tasks(token, org, status=s, limit=100), PLAIN)
        for task_list in tenant.get("task_lists", []):
            call(tally, f"{path}?taskListId={task_list}{who}", lambda t=task_list: adapter.tasks(token, org, task_list_id=t), PLAIN)
        for agent in tenant["agents"]:
            call(tally, f"{path}?assignedAgentId={agent}{who}", lambda a=agent: adapter.tasks(token, org, assigned_agent_id=a), PLAIN)
        targets = list(tenant.get("depends_on", []))[:DEPENDS_ON_SAMPLE]
        if everything is not None and everything.ids:
            targets.append(everything.ids[0])  # most likely nothing depends on the newest task: an empty answer
        for target in targets:
            q = f"{path}?dependsOn={target}"
            call(tally, f"{q}{who}", lambda t=target: adapter.tasks(token, org, depends_on=t), IDS_ONLY)
            call(tally, f"{q}&includeDetails=false{who}", lambda t=target: adapter.tasks(token, org, depends_on=t, include_details=False), IDS_ONLY)
            call(tally, f"{q}&includeDetails=true{who}", lambda t=target: adapter.tasks(token, org, depends_on=t, include_details=True), DETAILED)
            call(tally, f"{q}&status=pending{who}", lambda t=target: adapter.tasks(token, org, depends_on=t, status="pending"), IDS_ONLY)
        _errors(adapter, tenant, tally, who, path)


def _errors(adapter: Any, tenant: dict[str, Any], tally: Tally, who: str, path: str) -> None:
    token, org = tenant["token"], tenant["id"]
    tally.error(f"{path} with an unknown key", lambda: adapter.tasks("org-sdk-compat-unknown", org), 401)
    if tenant.get("expired"):
        tally.error(f"{path} with an expired key{who}", lambda: adapter.tasks(tenant["expired"], org), 401)
    tally.error(f"GET /api/v3/organizations/sdk-compat-missing/ai/tasks{who}", lambda: adapter.tasks(token, "sdk-compat-missing"), 404)
    tally.error(f"{path}?limit=0{who}", lambda: adapter.tasks(token, org, limit=0), 400)
    tally.error(f"{path}?limit=101{who}", lambda: adapter.tasks(token, org, limit=101), 400)
