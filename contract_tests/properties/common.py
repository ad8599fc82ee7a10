"""What every API's properties share: violations, the context they run in, pages, walks, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

from hypothesis import strategies as st

from contract_tests.http import Client, Exchange
from contract_tests.options import Profile
from contract_tests.spec import Operation
from contract_tests.target import Target


class Violation(Exception):
    """A semantic check that did not hold, with the exchange that shows it.

    `cause` says which violations are the same bug (reported once); by default the rule, the
    operation and the names of the query parameters of the request that shows it.
    """

    def __init__(self, check: str, expected: str, got: str, exchange: Exchange | None = None, *, cause: Hashable = None) -> None:
        super().__init__(f"{check}: expected {expected}; got {got}")
        self.check, self.expected, self.got, self.exchange, self.cause = check, expected, got, exchange, cause


class NotExercised(Exception):
    """Raised by a property's `examples()` (or by `test` for one example) when there is nothing to test."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Property:
    """One semantic property: Hypothesis draws from `examples()` and `test` raises Violation."""

    group: str
    name: str
    examples: Callable[[], st.SearchStrategy]
    """Built when the property runs: it may discover the world over HTTP (and so raise Violation)."""
    test: Callable[[Any], None]
    explicit: Callable[[], list] = lambda: []
    """Examples always tried first, whatever the profile: the boundaries a bug most likely hides at."""
    id: str = ""
    """The check's id in reports and JUnit; empty means the group (one property per group)."""

    @property
    def check(self) -> str:
        return self.id or self.group


@dataclass
class Context:
    """What a property may use: the target, one recording client, the profile, and a per-run cache."""

    target: Target
    client: Client
    profile: Profile
    cache: dict[Hashable, Any] = field(default_factory=dict)
    strict: bool = False
    """Also check the mock's own choices that the published contract does not make (`--strict`)."""
    discovery_failed: str | None = None
    """Why the discovery step failed (checks that need its data then report an error), or None."""

    def once(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """`compute()` the first time `key` is asked for, then the same value: walks cost requests."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


def expect_json(exchange: Exchange, operation: Operation, check: str, status: int = 200) -> Any:
    """The body of a documented `status` answer, or a Violation naming what came back instead."""
    if exchange.status != status:
        raise Violation(check, f"{status} from {operation.label}", exchange.summary(), exchange)
    problems = operation.body_errors(status, exchange.json) if exchange.json is not None else ["the body is not JSON"]
    if problems:
        raise Violation(check, f"a {status} body as documented", f"{problems[0]} in {exchange.summary(80)}", exchange)
    return exchange.json


@dataclass(frozen=True)
class Page:
    """One page of a list and the cursor it hands out."""

    items: list[dict]
    exchange: Exchange
    next: str | None
    """The cursor for the next page, None at the end."""


@dataclass(frozen=True)
class Walk:
    """The pages of one list, from the first to the end marker (or the page budget)."""

    pages: list[Page]
    complete: bool
    """False when the walk stopped at the page budget before the end."""

    @property
    def items(self) -> list[dict]:
        return [item for page in self.pages for item in page.items]


def walk(fetch: Callable[[str | None], Page], *, max_pages: int) -> Walk:
    """Follow cursors from the first page until the end marker or `max_pages` pages."""
    pages: list[Page] = []
    cursors: set[str] = set()
    cursor = None
    while True:
        page = fetch(cursor)
        pages.append(page)
        if page.next is None:
            return Walk(pages, complete=True)
        if page.next in cursors:
            raise Violation("pagination.no_duplicate", "every cursor to move forward", f"cursor {page.next!r} again after {len(pages)} pages: its page repeats forever", page.exchange)
        if len(pages) >= max_pages:
            return Walk(pages, complete=False)
        cursors.add(page.next)
        cursor = page.next


def check_walk(walked: Walk, reference: Walk, *, limit: int, key: Callable[[dict], str], order: Callable[[dict], Any], exact_end: bool) -> None:
    """The walk at `limit` is the reference walk cut into pages of `limit`: ordered, no duplicate, no gap.

    `exact_end`: the API has an explicit end marker, so it must appear on the page that holds the
    last item (without one, a full last page is followed by an empty one).
    """
    expected = [key(item) for item in reference.items]
    total = len(expected) if reference.complete else None
    seen: set[str] = set()
    previous: dict | None = None
    consumed = 0
    for number, page in enumerate(walked.pages, start=1):
        for item in page.items:
            if key(item) in seen:
                raise Violation("pagination.no_duplicate", f"each task once in a walk at limit {limit}", f"{key(item)} again on page {number}", page.exchange)
            if previous is not None and not order(previous) > order(item):
                raise Violation("pagination.order", f"newest first: {key(item)} after {key(previous)} means {order(item)} < {order(previous)}", f"{order(item)} (page {number}, limit {limit})", page.exchange)
            seen.add(key(item))
            previous = item
        ids = [key(item) for item in page.items]
        want_ids = expected[consumed : consumed + len(ids)]
        for offset, (got_id, want_id) in enumerate(zip(ids, want_ids)):
            if got_id != want_id:
                raise Violation("pagination.no_gap", f"the tasks of one walk at the largest limit; task {consumed + offset + 1} is {want_id}", f"{got_id} (page {number}, limit {limit})", page.exchange)
        if total is not None and len(ids) > len(want_ids):
            raise Violation("pagination.no_gap", f"the {total} tasks of one walk at the largest limit", f"{ids[len(want_ids)]} as task {consumed + len(want_ids) + 1} (page {number}, limit {limit})", page.exchange)
        last_budgeted = number == len(walked.pages) and not walked.complete
        want = min(limit, total - consumed) if total is not None else limit
        if not last_budgeted and len(page.items) != want and (total is not None or page.next is not None):
            raise Violation("pagination.page_size", f"min(limit, remaining) = {want} tasks on page {number} (limit {limit}, {consumed} seen of {total if total is not None else 'many'})", f"{len(page.items)}", page.exchange)
        consumed += len(page.items)
        if exact_end and total is not None and (page.next is None) != (consumed >= total):
            got = "no next cursor" if page.next is None else f"a next cursor after the last task (page {number})"
            raise Violation("pagination.end_marker", f"the end marker exactly on the page with the last task ({total} tasks, limit {limit})", f"{got} after {consumed} tasks", page.exchange)
    if walked.complete and consumed < len(expected):
        raise Violation("pagination.no_gap", f"the tasks of one walk at the largest limit; task {consumed + 1} is {expected[consumed]}", f"the end (limit {limit})", walked.pages[-1].exchange)


def same_as_nonexistent(foreign: Exchange, missing: Exchange, *, foreign_id: str, missing_id: str, check: str) -> None:
    """Another tenant's resource must answer exactly like a nonexistent one, the id aside."""
    theirs = (foreign.status, foreign.text.replace(foreign_id, "{id}"))
    nobody = (missing.status, missing.text.replace(missing_id, "{id}"))
    if theirs != nobody:
        raise Violation(check, f"what a nonexistent one gets: {missing.summary(100)}", foreign.summary(100), foreign)


def nonexistent_ids(*, like: str) -> st.SearchStrategy[str]:
    """Ids shaped like `like` (its prefix up to the last `_` or `-`, then random) that no one has."""
    prefix = like[: max(like.rfind("_"), like.rfind("-")) + 1]
    return st.text("abcdefghijkmnpqrstuvwxyz23456789", min_size=8, max_size=16).map(lambda tail: f"{prefix}zz{tail}")


def limits(*, count: int, largest: int, max_pages: int) -> st.SearchStrategy[int]:
    """Page sizes worth trying for `count` tasks: the page boundaries around it, and any other.

    Limits so small that a walk would exceed `max_pages` pages are never drawn.
    """
    # A world too big for the budget at the largest limit is walked only that far (a prefix).
    lowest = min(max(1, -(-count // max_pages)), largest)
    boundaries = {count - 1, count, count + 1, lowest, largest}
    boundaries |= {d for d in range(lowest, min(count, largest) + 1) if count % d == 0 and count // d > 1}
    special = sorted(b for b in boundaries if lowest <= b <= largest)
    return st.one_of(st.sampled_from(special), st.integers(lowest, largest))
