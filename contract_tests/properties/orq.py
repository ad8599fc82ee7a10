"""orq: `starting_after` walks and `ending_before` pages, the status union, `overall_total`, workspace isolation."""

from __future__ import annotations

from typing import Callable

from hypothesis import strategies as st

from contract_tests.properties.common import (
    Context, Page, Property, Violation, Walk, check_walk, expect_json, limits, nonexistent_ids, same_as_nonexistent, walk,
)
from contract_tests.spec import operation

STATUSES = ("inactive", "approval_required", "in_progress", "errored")


def _op(ctx: Context):
    return operation(ctx.target.api.spec_path, "ListAgentTasks")


def _largest(ctx: Context) -> int:
    return _op(ctx).query_parameter("limit")["schema"]["maximum"]


def status_of(task: dict) -> str:
    """The derived status (docs/decisions.md): first match of errored, approval_required, inactive.

    A key the server omits takes its published default (`waiting_for_approval` false, `inactive` true).
    """
    state = task["state"]
    if state.get("error"):
        return "errored"
    if state.get("waiting_for_approval", False):
        return "approval_required"
    return "inactive" if state.get("inactive", True) else "in_progress"


def _key(task: dict) -> str:
    return task["_id"]


def pages(ctx: Context, *, status: str | None, limit: int, agent: str | None = None, token=None, check: str, as_float: bool = False) -> Callable[[str | None], Page]:
    """Fetch the page after a `starting_after` cursor; the next cursor is the last `_id` of a full page.

    `as_float` spells the limit as the official Python SDK sends it (`limit=10.0`).
    """
    op = _op(ctx)
    path = op.render(agent_key=agent or ctx.target.agent)
    query = [("limit", f"{limit}.0" if as_float else str(limit))] + ([("status", status)] if status else [])
    extra = {} if token is None else {"token": token}

    def fetch(cursor: str | None) -> Page:
        exchange = ctx.client.get(path, query + ([("starting_after", cursor)] if cursor else []), **extra)
        body = expect_json(exchange, op, check)
        full = len(body["tasks"]) == limit
        return Page(body["tasks"], exchange, body["tasks"][-1]["_id"] if full and body["tasks"] else None)

    return fetch


def reference(ctx: Context, *, status: str | None, agent: str | None = None, token=None) -> Walk:
    """One walk at the largest limit: what every other walk of the same filter must reproduce."""
    fetch = pages(ctx, status=status, limit=_largest(ctx), agent=agent, token=token, check="pagination.response")
    return ctx.once(("orq", status, agent, token), lambda: walk(fetch, max_pages=ctx.profile.max_pages))


def statuses() -> st.SearchStrategy[str | None]:
    """No filter, one status, or a comma list of distinct statuses."""
    lists = st.lists(st.sampled_from(STATUSES), min_size=1, max_size=4, unique=True).map(",".join)
    return st.one_of(st.none(), lists)


def _pagination(ctx: Context) -> Property:
    def examples():
        def with_limit(status):
            count = len(reference(ctx, status=status).items)
            return st.tuples(st.just(status), limits(count=count, largest=_largest(ctx), max_pages=ctx.profile.max_pages), st.booleans())
        return statuses().flatmap(with_limit)

    def test(example) -> None:
        status, limit, as_float = example
        ref = reference(ctx, status=status)
        fetch = pages(ctx, status=status, limit=limit, check="pagination.response", as_float=as_float)
        walked = walk(fetch, max_pages=ctx.profile.max_pages)
        check_walk(walked, ref, limit=limit, key=_key, order=_key, exact_end=False)
        # ending_before the first task of page N is page N-1; before the very first task, nothing.
        op = _op(ctx)
        chosen = sorted({1, 2, len(walked.pages) // 2 + 1, len(walked.pages)})
        for number in [n for n in chosen if 1 <= n <= len(walked.pages) and walked.pages[n - 1].items]:
            first = walked.pages[number - 1].items[0]["_id"]
            query = [("limit", str(limit)), ("ending_before", first)] + ([("status", status)] if status else [])
            back = ctx.client.get(op.render(agent_key=ctx.target.agent), query)
            got = [_key(t) for t in expect_json(back, op, "pagination.ending_before")["tasks"]]
            want = [_key(t) for t in walked.pages[number - 2].items] if number > 1 else []
            if got != want:
                raise Violation("pagination.ending_before", f"ending_before the first task of page {number} to return page {number - 1} ({len(want)} tasks{', from ' + want[0] if want else ''})", f"{len(got)} tasks{', from ' + got[0] if got else ''}", back)

    # Always tried: the official Python SDK's default request, `limit=10.0`.
    return Property("pagination", "starting_after walks reproduce one walk at the largest limit; ending_before goes back a page", examples, test, lambda: [(None, 10, True)])


def _filters(ctx: Context) -> Property:
    def test(status: str) -> None:
        wanted = set(status.split(","))
        ref = reference(ctx, status=status)
        for page in ref.pages:
            for task in page.items:
                if status_of(task) not in wanted:
                    raise Violation("filters.status", f"only tasks with status in {status}", f"{task['_id']} whose state makes it {status_of(task)}", page.exchange)
        singles = [reference(ctx, status=s) for s in sorted(wanted)]
        union = sorted({_key(t) for single in singles for t in single.items}, reverse=True)
        # Only whole lists can be compared: a world too big for the page budget is checked by pages only.
        if ref.complete and all(single.complete for single in singles) and [_key(t) for t in ref.items] != union:
            raise Violation("filters.status_union", f"status={status} to list the union of each status alone ({len(union)} tasks)", f"{len(ref.items)} tasks, not the same", ref.pages[0].exchange)

    def examples():
        return st.lists(st.sampled_from(STATUSES), min_size=1, max_size=4, unique=True).map(",".join)

    return Property("filters", "every task has a listed status; a comma list is the union", examples, test)


def _totals(ctx: Context) -> Property:
    def test(example) -> None:
        status, limit = example
        ref = reference(ctx, status=status)
        if not ref.complete:
            return
        first = pages(ctx, status=status, limit=limit, check="totals.response")(None)
        for page in [first, *ref.pages]:
            total = page.exchange.json["overall_total"]
            if total != len(ref.items):
                raise Violation("totals.overall_total", f"overall_total = {len(ref.items)}, the tasks a full walk{' with status=' + status if status else ''} finds", f"{total}", page.exchange)

    def examples():
        return st.tuples(statuses(), st.integers(1, _largest(ctx)))

    return Property("totals", "overall_total counts every task a full walk finds, whatever the page size", examples, test, lambda: [(None, 1)])


def _isolation(ctx: Context) -> Property:
    other, their_agent = ctx.target.other_token, ctx.target.other_agent

    def examples():
        return nonexistent_ids(like=their_agent)

    def test(missing: str) -> None:
        mine, theirs = reference(ctx, status=None), reference(ctx, status=None, agent=their_agent, token=other)
        shared = {_key(t) for t in mine.items} & {_key(t) for t in theirs.items}
        spaces = {t["workspace_id"] for t in mine.items} & {t["workspace_id"] for t in theirs.items}
        if shared or spaces:
            raise Violation("isolation.disjoint", "no task and no workspace visible to both tenants", f"shared {sorted(shared or spaces)[0]}", mine.pages[0].exchange)
        op = _op(ctx)
        answer = ctx.client.get(op.render(agent_key=their_agent))
        if answer.status == 200:
            leaked = {_key(t) for t in (answer.json or {}).get("tasks", [])} & {_key(t) for t in theirs.items}
            if leaked:
                raise Violation("isolation.foreign_resource", f"none of the other workspace's tasks of agent {their_agent}", f"{len(leaked)} of them", answer)
        else:
            same_as_nonexistent(answer, ctx.client.get(op.render(agent_key=missing)), foreign_id=their_agent, missing_id=missing, check="isolation.foreign_resource")

    return Property("isolation", "workspaces see disjoint tasks; a foreign agent is a nonexistent one", examples, test)


def path_values(ctx: Context) -> dict[str, str]:
    """The agent named by `--agent` (orq has no list of agents to discover one from)."""
    return {"agent_key": ctx.target.agent}


def positive_query(ctx: Context):
    """For Schemathesis: the two cursors are mutually exclusive (the spec says so in prose), keep one."""

    def fix(query: dict) -> dict:
        if "starting_after" in query:
            query.pop("ending_before", None)
        return query

    return fix


def invalid_requests(ctx: Context, op) -> list[tuple]:
    """Both cursors at once (`--strict` only): refusing them is the mock's choice; the published
    contract describes each cursor alone and says nothing of the two together."""
    if not ctx.strict:
        return []
    newer, older = "01JJ1HDHN79XAS7A01WB3HYSDB", "01HZZZZZZZZZZZZZZZZZZZZZZZ"
    return [("both starting_after and ending_before", path_values(ctx), [("starting_after", newer), ("ending_before", older)])]


def properties(ctx: Context) -> list[Property]:
    """orq's semantic properties; isolation only with another tenant's token and agent."""
    found = [_pagination(ctx), _filters(ctx), _totals(ctx)]
    return found + ([_isolation(ctx)] if ctx.target.other_token and ctx.target.other_agent else [])
