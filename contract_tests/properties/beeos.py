"""BeeOS: `next_since` walks, `state` filters and aliases, `/tasks?agent_id=X` ≡ `/agents/X/tasks`, owner isolation."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from hypothesis import strategies as st

from contract_tests.properties.common import (
    Context, Page, Property, Violation, Walk, check_walk, expect_json, limits, nonexistent_ids, same_as_nonexistent, walk,
)
from contract_tests.spec import operation

ALL, OPEN, CLOSED, ACTIVE = "all", "open", "closed", "active"


def _ops(ctx: Context):
    spec = ctx.target.api.spec_path
    return operation(spec, "listUserTasks"), operation(spec, "listAgentTasks")


def _largest(ctx: Context) -> int:
    return _ops(ctx)[0].query_parameter("limit")["schema"]["maximum"]


def _key(task: dict) -> str:
    return task["task_id"]


class _Unordered:
    """The order key of a row without `created_at` (optional in the published contract): nothing to compare."""

    def __gt__(self, other: object) -> bool:
        return True

    __lt__ = __gt__  # also when only the other row has one


def _order(task: dict) -> tuple[dt.datetime, str] | _Unordered:
    if "created_at" not in task:
        return _Unordered()
    try:
        created = dt.datetime.fromisoformat(task["created_at"])
    except (TypeError, ValueError):
        raise Violation("pagination.order", "an RFC 3339 created_at", repr(task.get("created_at"))) from None
    return created, task["task_id"]


def pages(ctx: Context, *, state: str | None, agent: str | None, limit: int, per_agent: bool = False, token=None, check: str) -> Callable[[str | None], Page]:
    """Fetch one page of `/tasks` (or `/agents/{agent}/tasks`) after a cursor, checking it is a documented 200."""
    tasks_op, agent_op = _ops(ctx)
    op = agent_op if per_agent else tasks_op
    path = agent_op.render(agentId=agent) if per_agent else tasks_op.path
    query = [("limit", str(limit))] + ([("state", state)] if state else []) + ([("agent_id", agent)] if agent and not per_agent else [])
    extra = {} if token is None else {"token": token}

    def fetch(cursor: str | None) -> Page:
        exchange = ctx.client.get(path, query + ([("since", cursor)] if cursor else []), **extra)
        body = expect_json(exchange, op, check)
        # The end of the list is an empty `next_since` (published); an absent key says the same.
        return Page(body["data"]["tasks"], exchange, body["data"].get("next_since") or None)

    return fetch


def reference(ctx: Context, *, state: str | None, agent: str | None = None, token=None) -> Walk:
    """One walk at the largest limit: what every other walk of the same filter must reproduce."""
    key = ("beeos", state, agent, token)
    fetch = pages(ctx, state=state, agent=agent, limit=_largest(ctx), token=token, check="pagination.response")
    return ctx.once(key, lambda: walk(fetch, max_pages=ctx.profile.max_pages))


def agents(ctx: Context, token=None) -> list[str]:
    """The agents of the caller's tasks, most tasks first (the only agents a black box can find)."""
    counts: dict[str, int] = {}
    for task in reference(ctx, state=ALL, token=token).items:
        counts[task["agent_id"]] = counts.get(task["agent_id"], 0) + 1
    return sorted(counts, key=lambda a: (-counts[a], a))


def _pagination(ctx: Context) -> Property:
    def filters():
        return st.tuples(st.sampled_from([None, ACTIVE, OPEN, CLOSED, ALL]), st.sampled_from([None, *agents(ctx)[:3]]), st.booleans())

    def examples():
        def with_limit(f):
            state, agent, per_agent = f
            count = len(reference(ctx, state=state, agent=agent).items)
            return st.tuples(st.just((state, agent, per_agent and agent is not None)), limits(count=count, largest=_largest(ctx), max_pages=ctx.profile.max_pages))
        return filters().flatmap(with_limit)

    def test(example) -> None:
        (state, agent, per_agent), limit = example
        ref = reference(ctx, state=state, agent=agent)
        if ("beeos-stable", state, agent) not in ctx.cache:
            again = walk(pages(ctx, state=state, agent=agent, limit=_largest(ctx), check="pagination.response"), max_pages=ctx.profile.max_pages)
            check_walk(again, ref, limit=_largest(ctx), key=_key, order=_order, exact_end=True)
            if [_key(t) for t in again.items] != [_key(t) for t in ref.items]:
                raise Violation("pagination.stable", "the same walk twice in a row", "a different sequence", again.pages[0].exchange)
            ctx.cache[("beeos-stable", state, agent)] = True
        fetch = pages(ctx, state=state, agent=agent, limit=limit, per_agent=per_agent, check="pagination.response")
        check_walk(walk(fetch, max_pages=ctx.profile.max_pages), ref, limit=limit, key=_key, order=_order, exact_end=True)

    return Property("pagination", "walks at any limit reproduce one walk at the largest", examples, test)


def _filters(ctx: Context) -> Property:
    def test(example) -> None:
        state, agent = example
        ref = reference(ctx, state=state, agent=agent)
        # The row's `state` is `active` (open) or `closed`; the filter's `open` and `active` both mean active.
        wanted = {OPEN: "active", ACTIVE: "active", None: "active", CLOSED: "closed"}.get(state)
        for page in ref.pages:
            for task in page.items:
                if wanted and task.get("state") != wanted:
                    raise Violation("filters.state", f"only {state or 'active (the default)'} tasks (state {wanted})", f"{task['task_id']} with state={task.get('state')!r}", page.exchange)
                if agent is not None and task["agent_id"] != agent:
                    raise Violation("filters.agent", f"only tasks of agent {agent}", f"{task['task_id']} of {task['agent_id']}", page.exchange)
        everything = reference(ctx, state=ALL, agent=agent)
        if state in (None, ACTIVE, OPEN):
            opened = reference(ctx, state=OPEN, agent=agent)
            if [_key(t) for t in ref.items] != [_key(t) for t in opened.items]:
                raise Violation("filters.state_alias", f"state={state or '(default)'} to list exactly what state=open lists ({len(opened.items)} tasks)", f"{len(ref.items)} tasks, not the same", ref.pages[0].exchange)
        # Set comparisons need whole lists: a world too big for the page budget is checked by pages only.
        if state == CLOSED and ref.complete and everything.complete and reference(ctx, state=OPEN, agent=agent).complete:
            opened, closed, every = ({_key(t) for t in w.items} for w in (reference(ctx, state=OPEN, agent=agent), ref, everything))
            if opened & closed or opened | closed != every:
                got = f"{len(opened & closed)} both open and closed" if opened & closed else f"{len(every - opened - closed)} in all but neither open nor closed, {len((opened | closed) - every)} the other way"
                raise Violation("filters.partition", f"open and closed to partition all ({len(every)} tasks)", got, everything.pages[0].exchange)
        if agent is not None and ref.complete and reference(ctx, state=state).complete:
            mine = [_key(t) for t in reference(ctx, state=state).items if t["agent_id"] == agent]
            if [_key(t) for t in ref.items] != mine:
                raise Violation("filters.agent", f"agent_id={agent} to list the {len(mine)} tasks of that agent in the unfiltered list", f"{len(ref.items)} tasks, not the same", ref.pages[0].exchange)

    def examples():
        return st.tuples(st.sampled_from([None, ACTIVE, OPEN, CLOSED, ALL]), st.sampled_from([None, *agents(ctx)[:4]]))

    return Property("filters", "every task matches its filter; open and closed partition all; active is open", examples, test)


def _equivalence(ctx: Context) -> Property:
    def examples():
        found = agents(ctx)
        if not found:
            return st.tuples(st.none(), st.none(), st.none())
        count = len(reference(ctx, state=ALL, agent=found[0]).items)
        return st.tuples(st.sampled_from(found), st.sampled_from([None, OPEN, CLOSED, ALL]), limits(count=count, largest=_largest(ctx), max_pages=ctx.profile.max_pages))

    def test(example) -> None:
        agent, state, limit = example
        if agent is None:
            return
        query = walk(pages(ctx, state=state, agent=agent, limit=limit, check="equivalence.response"), max_pages=ctx.profile.max_pages)
        path = walk(pages(ctx, state=state, agent=agent, limit=limit, per_agent=True, check="equivalence.agent_tasks"), max_pages=ctx.profile.max_pages)
        for number, (a, b) in enumerate(zip(query.pages, path.pages), start=1):
            if [_key(t) for t in a.items] != [_key(t) for t in b.items] or (a.next is None) != (b.next is None):
                raise Violation("equivalence.agent_tasks", f"page {number} of /agents/{agent}/tasks to equal page {number} of /tasks?agent_id={agent} ({len(a.items)} tasks, next_since {'empty' if a.next is None else 'set'})", f"{len(b.items)} tasks, next_since {'empty' if b.next is None else 'set'}", b.exchange)
        if len(query.pages) != len(path.pages):
            raise Violation("equivalence.agent_tasks", f"{len(query.pages)} pages as for /tasks?agent_id={agent}", f"{len(path.pages)} pages", path.pages[-1].exchange)

    return Property("equivalence", "/tasks?agent_id=X equals /agents/X/tasks page by page", examples, test)


def _isolation(ctx: Context) -> Property:
    other = ctx.target.other_token

    def examples():
        theirs = [a for a in agents(ctx, token=other) if a not in set(agents(ctx))]
        return st.tuples(st.sampled_from(theirs or [None]), nonexistent_ids(like=(theirs or ["agt_x"])[0]))

    def test(example) -> None:
        foreign, missing = example
        mine, their = reference(ctx, state=ALL), reference(ctx, state=ALL, token=other)
        shared = {_key(t) for t in mine.items} & {_key(t) for t in their.items}
        if shared:
            raise Violation("isolation.disjoint", "no task visible to both tenants", f"{len(shared)} shared, e.g. {sorted(shared)[0]}", mine.pages[0].exchange)
        _foreign_cursor(ctx, other)
        if foreign is None:
            return
        _, agent_op = _ops(ctx)
        answer = ctx.client.get(agent_op.render(agentId=foreign))
        if answer.status == 200:
            leaked = {_key(t) for t in (answer.json or {}).get("data", {}).get("tasks", [])} & {_key(t) for t in their.items}
            if leaked:
                raise Violation("isolation.foreign_resource", f"none of the other tenant's tasks of agent {foreign}", f"{len(leaked)} of them", answer)
        else:
            same_as_nonexistent(answer, ctx.client.get(agent_op.render(agentId=missing)), foreign_id=foreign, missing_id=missing, check="isolation.foreign_resource")
        listed = ctx.client.get(_ops(ctx)[0].path, [("agent_id", foreign), ("state", ALL)])
        tasks = (listed.json or {}).get("data", {}).get("tasks") if listed.status == 200 else None
        if tasks is None or {_key(t) for t in tasks} & {_key(t) for t in their.items}:
            raise Violation("isolation.foreign_resource", f"200 without the other tenant's tasks for agent_id={foreign}", listed.summary(), listed)

    return Property("isolation", "tenants see disjoint tasks; a foreign agent is a nonexistent one", examples, test)


def _foreign_cursor(ctx: Context, other: str) -> None:
    """The other tenant replaying our `next_since` gets 400 invalid_param (the published code for a bad `since`), never our tasks."""
    tasks_op, _ = _ops(ctx)
    first = pages(ctx, state=ALL, agent=None, limit=1, check="isolation.response")(None)
    if first.next is None:
        return
    replay = ctx.client.get(tasks_op.path, [("state", ALL), ("limit", "1"), ("since", first.next)], token=other)
    code = ((replay.json or {}).get("error") or {}).get("code") if isinstance(replay.json, dict) else None
    if replay.status != 400 or code != "invalid_param":
        raise Violation("isolation.foreign_cursor", "400 invalid_param for another owner's next_since", replay.summary(), replay)


def path_values(ctx: Context) -> dict[str, str]:
    """An agent of the caller's, so that a request fails on the parameter under test, not on the agent."""
    found = agents(ctx)
    return {"agentId": found[0]} if found else {}


def tampered_cursors(cursor: str) -> list[tuple[str, str]]:
    """(how, value): a real `next_since` altered at its start, middle and near its end, cut, extended, made up."""
    # The last base64 character may carry only padding bits, so it is never the one changed.
    positions = sorted({0, len(cursor) // 3, len(cursor) // 2, len(cursor) - 2})
    changed = [(f"next_since with character {i + 1} changed", cursor[:i] + ("B" if cursor[i] == "A" else "A") + cursor[i + 1 :]) for i in positions if 0 <= i < len(cursor) - 1]
    return changed + [("next_since cut short", cursor[: len(cursor) // 2]), ("next_since with a character appended", cursor + "A"), ("a made-up cursor", "eyJjIjowfQ.AAAAAAAAAAAAAAAAAAAAAA")]


def positive_query(ctx: Context):
    """For Schemathesis: a `since` the server issued, in place of a random string no server would accept."""
    first = pages(ctx, state=ALL, agent=None, limit=1, check="schema.discovery")(None)

    def fix(query: dict) -> dict:
        if "since" in query:
            query["since"] = first.next
            if first.next is None:
                del query["since"]
        return query

    return fix


def invalid_requests(ctx: Context, op) -> list[tuple]:
    """Tampered cursors: a `since` the server did not issue must be 400 invalid_param, not data."""
    first = pages(ctx, state=ALL, agent=None, limit=1, check="errors.response")(None)
    if first.next is None:
        return []
    values = path_values(ctx)
    return [(what, values, [("state", ALL), ("since", value)], "invalid_param") for what, value in tampered_cursors(first.next)]


def properties(ctx: Context) -> list[Property]:
    """BeeOS's semantic properties; isolation only with another tenant's token."""
    found = [_pagination(ctx), _filters(ctx), _equivalence(ctx)]
    return found + ([_isolation(ctx)] if ctx.target.other_token else [])
