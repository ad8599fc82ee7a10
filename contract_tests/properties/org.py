"""org: `limit` caps one ordered list, filters intersect, `count`/`taskIds` agree, `dependsOn` inverts each task's `dependsOn`.

The published list item requires no key and has no `dependsOn`: every task key is read with
`.get`, and the lookup is checked against the tasks' `dependsOn` lists only where a server sends
them; without them, a filtered lookup must still be the unfiltered lookup's matching tasks.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from contract_tests.http import Exchange
from contract_tests.properties.common import Context, Property, Violation, expect_json, nonexistent_ids, same_as_nonexistent
from contract_tests.spec import operation

FILTERS = ("status", "taskListId", "assignedAgentId")


def _op(ctx: Context):
    return operation(ctx.target.api.spec_path, "listTasks")


def _largest(ctx: Context) -> int:
    return _op(ctx).query_parameter("limit")["schema"]["maximum"]


def _order(task: dict) -> tuple[int, str]:
    return task.get("createdAt", 0), task.get("taskId", "")


def matches(task: dict, filters: dict[str, str]) -> bool:
    """Whether a task has every filter's value (other keys of `filters` are not filters)."""
    return all(task.get(name) == value for name, value in filters.items() if name in FILTERS)


def variant_keys(query: dict) -> set[str]:
    """The keys the published response description promises for a query."""
    if "dependsOn" not in query:
        return {"tasks", "count"}
    return {"taskIds", "count", "dependsOn"} | ({"tasks"} if query.get("includeDetails") in (True, "true") else set())


def dependencies(task: dict) -> set[str] | None:
    """A task's `dependsOn` list, lowercased; None when the server does not send it (the published item has none)."""
    found = task.get("dependsOn")
    return {d.lower() for d in found if isinstance(d, str)} if isinstance(found, list) else None


def listing(ctx: Context, filters: dict[str, str], *, limit: int, token=None, tenant: str | None = None, check: str) -> tuple[Exchange, dict]:
    """GET the organisation's tasks with `filters`; the largest-limit answers are asked once per run."""
    op = _op(ctx)
    path = op.render(organisation=tenant or ctx.target.tenant)
    query = [(name, str(value).lower() if isinstance(value, bool) else value) for name, value in sorted(filters.items())] + [("limit", str(limit))]
    extra = {} if token is None else {"token": token}

    def ask() -> tuple[Exchange, dict]:
        exchange = ctx.client.get(path, query, **extra)
        body = expect_json(exchange, op, check)
        missing = sorted(variant_keys(filters) - set(body))
        if missing:
            # No key is required by the schema: the description says which keys each query gets.
            raise Violation(f"{check.partition('.')[0]}.shape", f"the keys {sorted(variant_keys(filters))} for this query", f"no {', '.join(missing)} in keys {sorted(body)}", exchange)
        return exchange, body

    return ctx.once(("org", path, tuple(query), token), ask) if limit == _largest(ctx) else ask()


def _everything(ctx: Context) -> list[dict]:
    return listing(ctx, {}, limit=_largest(ctx), check="filters.response")[1]["tasks"]


def filter_sets(ctx: Context) -> st.SearchStrategy[dict[str, str]]:
    """Any combination of the filters, with values the organisation's own tasks use (and enum values)."""
    tasks = _everything(ctx)
    status = _op(ctx).query_parameter("status")["schema"]["enum"]
    lists = sorted({t["taskListId"] for t in tasks if t["taskListId"]}) or ["world-1"]
    agents = sorted({t["assignedAgentId"] for t in tasks if t["assignedAgentId"]}) or ["agent-1"]
    return st.fixed_dictionaries({}, optional={"status": st.sampled_from(status), "taskListId": st.sampled_from(lists), "assignedAgentId": st.sampled_from(agents)})


def consistent(got: list[str], reference: list[str], *, complete: bool, limit: int) -> bool:
    """`got` (capped at `limit`) agrees with a reference list that is a prefix of the true one (all of it if `complete`)."""
    if got[: len(reference)] != reference[: len(got)]:
        return False
    return not complete or got == reference[:limit]


def _ids(tasks: list[dict]) -> list[str]:
    return [t.get("taskId") for t in tasks]


def _pagination(ctx: Context) -> Property:
    def test(example) -> None:
        filters, limit = example
        exchange, body = listing(ctx, filters, limit=limit, check="pagination.response")
        full_exchange, full = listing(ctx, filters, limit=_largest(ctx), check="pagination.response")
        for before, after in zip(full["tasks"], full["tasks"][1:]):
            if not _order(before) > _order(after):
                raise Violation("pagination.order", f"newest first (createdAt, then taskId, descending): {before['taskId']} then {after['taskId']}", f"{_order(before)} then {_order(after)}", full_exchange)
        if _ids(body["tasks"]) != _ids(full["tasks"])[:limit]:
            raise Violation("pagination.limit_prefix", f"limit={limit} to return the first {limit} of the tasks limit={_largest(ctx)} returns", f"{len(body['tasks'])} tasks, not that prefix", exchange)

    def examples():
        return st.tuples(filter_sets(ctx), st.integers(1, _largest(ctx)))

    return Property("pagination", "limit caps one newest-first list", examples, test)


def _filters(ctx: Context) -> Property:
    def test(example) -> None:
        filters, limit = example
        exchange, body = listing(ctx, filters, limit=limit, check="filters.response")
        for task in body["tasks"]:
            if not matches(task, filters):
                wrong = next(name for name in FILTERS if name in filters and task.get(name) != filters[name])
                raise Violation("filters.match", f"only tasks with {wrong}={filters[wrong]}", f"{task.get('taskId')} with {wrong}={task.get(wrong)!r}", exchange)
        for name in [None, *filters]:
            alone = {name: filters[name]} if name else {}
            _, wider = listing(ctx, alone, limit=_largest(ctx), check="filters.response")
            expected = _ids([t for t in wider["tasks"] if matches(t, filters)])
            if not consistent(_ids(body["tasks"]), expected, complete=len(wider["tasks"]) < _largest(ctx), limit=limit):
                raise Violation("filters.intersection", f"the first {limit} tasks of {alone or 'the unfiltered list'} that match every other filter ({len(expected)} seen: {expected[:2]}…)", f"{len(body['tasks'])} tasks: {_ids(body['tasks'])[:2]}…", exchange)

    def examples():
        return st.tuples(filter_sets(ctx), st.one_of(st.just(_largest(ctx)), st.integers(1, 10)))

    return Property("filters", "every task matches every filter; filters combine as intersections", examples, test)


def _depended_on(ctx: Context) -> list[str]:
    return sorted({d for t in _everything(ctx) for d in dependencies(t) or ()})


def telling_depends_ons(ctx: Context) -> list[tuple[dict, str, bool, int]]:
    """Lookups most likely to show a bug: the most awaited task, the last dependency of tasks with several, a blocker."""
    tasks = _everything(ctx)
    waiting: dict[str, int] = {}
    for task in tasks:
        for needed in dependencies(task) or ():
            waiting[needed] = waiting.get(needed, 0) + 1
    several = sorted((t for t in tasks if len(t.get("dependsOn") or ()) > 1), key=lambda t: -len(t["dependsOn"]))
    blockers = [b for t in tasks for b in t.get("blockedByTaskIds") or ()][:1]
    chosen = sorted(waiting, key=lambda b: (-waiting[b], b))[:1] + [t["dependsOn"][-1] for t in several[:3]] + blockers
    return [({}, needed, details, _largest(ctx)) for needed in dict.fromkeys(chosen) for details in (True, False)]


def depends_ons(ctx: Context) -> st.SearchStrategy[tuple[dict, str, bool, int]]:
    """(filters, dependsOn, includeDetails, limit): dependsOn a task others depend on (any case), any task, or no task."""
    ids = _depended_on(ctx) + _ids(_everything(ctx))[:5]
    target = st.one_of(st.sampled_from(ids or ["550e8400-e29b-41d4-a716-446655440000"]), st.uuids().map(str))
    cased = st.tuples(target, st.booleans()).map(lambda pair: pair[0].upper() if pair[1] else pair[0])
    return st.tuples(filter_sets(ctx), cased, st.booleans(), st.integers(1, _largest(ctx)))


def _totals(ctx: Context) -> Property:
    def test(example) -> None:
        filters, depends_on, details, limit = example
        query: dict[str, Any] = dict(filters)
        if depends_on is not None:
            query |= {"dependsOn": depends_on, "includeDetails": details}
        exchange, body = listing(ctx, query, limit=limit, check="totals.response")
        listed = body.get("taskIds", body.get("tasks"))
        if body["count"] != len(listed) or body["count"] > limit:
            raise Violation("totals.count", f"count = {len(listed)}, the number of tasks returned (limit {limit})", str(body["count"]), exchange)
        if "taskIds" in body and "tasks" in body and body["taskIds"] != _ids(body["tasks"]):
            raise Violation("totals.task_ids", "taskIds[i] = tasks[i].taskId", f"taskIds {body['taskIds'][:3]}… vs tasks {_ids(body['tasks'])[:3]}…", exchange)

    def examples():
        return st.one_of(st.tuples(filter_sets(ctx), st.none(), st.booleans(), st.integers(1, _largest(ctx))), depends_ons(ctx))

    return Property("totals", "count is the number of tasks returned; taskIds matches tasks", examples, test, lambda: telling_depends_ons(ctx))


def _equivalence(ctx: Context) -> Property:
    def test(example) -> None:
        filters, depends_on, details, limit = example
        exchange, body = listing(ctx, {**filters, "dependsOn": depends_on, "includeDetails": details}, limit=limit, check="equivalence.response")
        if ("tasks" in body) != details or body.get("dependsOn") != depends_on:
            raise Violation("equivalence.depends_on", f"{'taskIds and tasks' if details else 'taskIds only'}, dependsOn echoed as sent ({depends_on})", f"keys {sorted(body)}, dependsOn {body.get('dependsOn')}", exchange)
        for task in body.get("tasks", []):
            if depends_on.lower() not in (dependencies(task) or {depends_on.lower()}):
                raise Violation("equivalence.depends_on", f"only tasks that depend on {depends_on}", f"{task.get('taskId')} depends on {task.get('dependsOn')}", exchange)
        # Without a graph to read, a filtered lookup is still the unfiltered lookup's matching tasks.
        _, everyone = listing(ctx, {"dependsOn": depends_on, "includeDetails": True}, limit=_largest(ctx), check="equivalence.response")
        expected = [t.get("taskId") for t in everyone["tasks"] if matches(t, filters)]
        if not consistent(body["taskIds"], expected, complete=len(everyone["taskIds"]) < _largest(ctx), limit=limit):
            raise Violation("equivalence.depends_on", f"the tasks of dependsOn={depends_on} that match {filters} ({len(expected)}, first {expected[:2]})", f"{len(body['taskIds'])} tasks, first {body['taskIds'][:2]}", exchange)
        _, wider = listing(ctx, filters, limit=_largest(ctx), check="equivalence.response")
        if any(dependencies(t) is None for t in wider["tasks"]):
            return
        expected = [t["taskId"] for t in wider["tasks"] if depends_on.lower() in dependencies(t)]
        if not consistent(body["taskIds"], expected, complete=len(wider["tasks"]) < _largest(ctx), limit=limit):
            raise Violation("equivalence.depends_on", f"exactly the tasks whose dependsOn contains {depends_on} ({len(expected)} in the list, first {expected[:2]})", f"{len(body['taskIds'])} tasks, first {body['taskIds'][:2]}", exchange)

    return Property("equivalence", "dependsOn=X returns exactly the tasks that depend on X", lambda: depends_ons(ctx), test, lambda: telling_depends_ons(ctx))


def _isolation(ctx: Context) -> Property:
    other, theirs = ctx.target.other_token, ctx.target.other_tenant

    def test(missing: str) -> None:
        exchange, mine = listing(ctx, {}, limit=_largest(ctx), check="isolation.response")
        _, their = listing(ctx, {}, limit=_largest(ctx), token=other, tenant=theirs, check="isolation.response")
        shared = set(_ids(mine["tasks"])) & set(_ids(their["tasks"]))
        strangers = [t for t in mine["tasks"] if t.get("orgId", ctx.target.tenant) != ctx.target.tenant]
        if shared or strangers:
            got = f"{len(shared)} tasks in both" if shared else f"{strangers[0]['taskId']} of organisation {strangers[0]['orgId']}"
            raise Violation("isolation.disjoint", f"only organisation {ctx.target.tenant}'s tasks, none of {theirs}'s", got, exchange)
        op = _op(ctx)
        foreign = ctx.client.get(op.render(organisation=theirs))
        same_as_nonexistent(foreign, ctx.client.get(op.render(organisation=missing)), foreign_id=theirs, missing_id=missing, check="isolation.foreign_resource")

    return Property("isolation", "organisations see disjoint tasks; another organisation is a nonexistent one", lambda: nonexistent_ids(like=theirs), test)


def path_values(ctx: Context) -> dict[str, str]:
    """The caller's own organisation."""
    return {"organisation": ctx.target.tenant}


def positive_query(ctx: Context):
    """Every constraint of the query is in its schema: Schemathesis' positive cases are valid as drawn."""
    return None


def invalid_requests(ctx: Context, op) -> list[tuple]:
    """Nothing beyond what the parameter schemas rule out."""
    return []


def properties(ctx: Context) -> list[Property]:
    """org's semantic properties; isolation only with another tenant's token and organisation."""
    found = [_pagination(ctx), _filters(ctx), _totals(ctx), _equivalence(ctx)]
    return found + ([_isolation(ctx)] if ctx.target.other_token and ctx.target.other_tenant else [])
