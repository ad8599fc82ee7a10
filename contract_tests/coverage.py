"""Coverage that does not depend on the seed: what discovery makes possible is always tried.

Hypothesis draws agents, filter values and page sizes at random, so a bug tied to one agent or
one page boundary was found with some seeds and missed with others. Here every discovered agent,
task list and filter value becomes an explicit example of the property that checks it, and
`pagination.ties` puts a page boundary between every two neighbours of the reference walk that
share a timestamp (where a cursor built from the timestamp alone loses or repeats a task).
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from hypothesis import strategies as st

from contract_tests.properties.common import Context, NotExercised, Property, Violation

MAX_TIES = 12
"""Tie boundaries probed per run (each costs a short walk); the first ones of the reference walk."""


def _beeos(ctx: Context, prop: Property) -> Callable[[], list]:
    from contract_tests.properties import beeos as m

    def extra() -> list:
        agents, states = m.agents(ctx), [None, m.ACTIVE, m.OPEN, m.CLOSED, m.ALL]
        largest = m._largest(ctx)
        if prop.group == "filters":
            return [(s, None) for s in states] + [(m.ALL, a) for a in agents] + [(None, a) for a in agents]
        if prop.group == "equivalence":
            return [(a, m.ALL, largest) for a in agents]
        if prop.group == "pagination":
            return [((m.ALL, a, True), largest) for a in agents]
        return []

    return extra


def _orq(ctx: Context, prop: Property) -> Callable[[], list]:
    from contract_tests.properties import orq as m

    def extra() -> list:
        return list(m.STATUSES) if prop.group == "filters" else []

    return extra


def _org(ctx: Context, prop: Property) -> Callable[[], list]:
    from contract_tests.properties import org as m

    def extra() -> list:
        if prop.group not in ("filters", "pagination"):
            return []
        tasks, largest = m._everything(ctx), m._largest(ctx)
        statuses = m._op(ctx).query_parameter("status")["schema"].get("enum", [])
        values = [("status", s) for s in statuses]
        values += [("taskListId", v) for v in sorted({t.get("taskListId") for t in tasks if t.get("taskListId")})]
        values += [("assignedAgentId", v) for v in sorted({t.get("assignedAgentId") for t in tasks if t.get("assignedAgentId")})]
        return [({name: value}, largest) for name, value in values]

    return extra


_EXTRA = {"beeos": _beeos, "orq": _orq, "org": _org}


def with_every_value(ctx: Context, props: list[Property]) -> list[Property]:
    """The properties, each with every discovered agent / list / filter value added to its explicit examples."""
    extend = _EXTRA.get(ctx.target.api.id)
    if extend is None or ctx.discovery_failed:
        return props
    found = []
    for prop in props:
        extra = extend(ctx, prop)

        def explicit(prop=prop, extra=extra) -> list:
            try:
                more = extra()
            except Violation:
                more = []
            return prop.explicit() + more

        found.append(dataclasses.replace(prop, explicit=explicit))
    return found


def _ties(items: list[dict], stamp: Callable[[dict], object]) -> list[int]:
    """Indexes i where items i-1 and i share a timestamp: a page that ends at i-1 splits them."""
    return [i for i in range(1, len(items)) if stamp(items[i]) is not None and stamp(items[i]) == stamp(items[i - 1])]


def _page_size(index: int, largest: int, max_pages: int) -> int | None:
    """A page size that puts a page boundary right before item `index`, within the page budget."""
    return next((size for size in range(min(index, largest), 0, -1) if index % size == 0 and index // size < max_pages), None)


def ties_property(ctx: Context) -> Property | None:
    """`pagination.ties` for APIs that walk with a cursor (BeeOS) or cap one list (org)."""
    api = ctx.target.api.id
    if api not in ("beeos", "org"):
        return None
    if api == "beeos":
        from contract_tests.properties import beeos as m

        def reference() -> tuple[list[dict], Callable[[dict], object]]:
            return m.reference(ctx, state=m.ALL).items, lambda t: t.get("created_at")
    else:
        from contract_tests.properties import org as m

        def reference() -> tuple[list[dict], Callable[[dict], object]]:
            return m._everything(ctx), lambda t: t.get("createdAt")

    def cases() -> list[int]:
        items, stamp = reference()
        if not items or all(stamp(t) is None for t in items):
            raise NotExercised("the tasks carry no timestamp the list is ordered by")
        found = _ties(items, stamp)[:MAX_TIES]
        if not found:
            raise NotExercised("no two neighbouring tasks share a timestamp")
        return found

    def test(index: int) -> None:
        items, stamp = reference()
        key = (lambda t: t.get("task_id")) if api == "beeos" else (lambda t: t.get("taskId"))
        largest = m._largest(ctx)
        what = f"a page boundary between tasks {index} and {index + 1}, which share the timestamp {stamp(items[index])}"
        if api == "org":
            exchange, body = m.listing(ctx, {}, limit=index, check="pagination.ties")
            got = [key(t) for t in body.get("tasks", [])]
            if got != [key(t) for t in items[:index]]:
                raise Violation("pagination.ties", f"limit={index} to return the first {index} tasks ({what})", f"{len(got)} tasks, not that prefix", exchange)
            return
        size = _page_size(index, largest, ctx.profile.max_pages)
        if size is None:
            raise NotExercised(f"no page size puts a boundary at task {index} within {ctx.profile.max_pages} pages")
        fetch = m.pages(ctx, state=m.ALL, agent=None, limit=size, check="pagination.ties")
        cursor, seen = None, []
        for _ in range(index // size + 1):
            page = fetch(cursor)
            seen += [key(t) for t in page.items]
            want = [key(t) for t in items[: len(seen)]]
            if seen != want:
                lost = next(i for i, (a, b) in enumerate(zip(seen, want)) if a != b) if any(a != b for a, b in zip(seen, want)) else len(seen)
                raise Violation("pagination.ties", f"{what}; task {lost + 1} is {want[lost] if lost < len(want) else 'the end'} (limit {size})", f"{seen[lost] if lost < len(seen) else 'the end'}", page.exchange)
            if page.next is None:
                return
            cursor = page.next

    return Property("pagination", "a page boundary between two tasks with the same timestamp loses or repeats none", lambda: st.sampled_from(cases()), test, cases, id="pagination.ties")
