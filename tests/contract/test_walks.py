"""`check_walk` names the right check for each way a cursor walk can go wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract_tests.http import Exchange
from contract_tests.properties.common import Page, Violation, Walk, check_walk, limits

_EXCHANGE = Exchange("GET", "http://127.0.0.1/x", {}, 200, {}, "{}")


def _walk(ids: list[int], limit: int, *, nexts: list[bool] | None = None) -> Walk:
    chunks = [ids[i : i + limit] for i in range(0, len(ids), limit)] or [[]]
    nexts = nexts if nexts is not None else [i < len(chunks) - 1 for i in range(len(chunks))]
    return Walk([Page([{"id": n} for n in chunk], _EXCHANGE, "c" if more else None) for chunk, more in zip(chunks, nexts)], complete=True)


def _check(walked: Walk, reference: Walk, limit: int, *, exact_end: bool = True) -> None:
    check_walk(walked, reference, limit=limit, key=lambda t: str(t["id"]), order=lambda t: t["id"], exact_end=exact_end)


REFERENCE = _walk(list(range(10, 0, -1)), 100)


@given(st.integers(1, 12))
def test_a_correct_walk_passes_at_any_limit(limit):
    _check(_walk(list(range(10, 0, -1)), limit), REFERENCE, limit)


@pytest.mark.parametrize(
    "walked, limit, exact_end, check",
    [
        (Walk([Page([{"id": 10}, {"id": 9}, {"id": 8}], _EXCHANGE, "c"), Page([{"id": 8}, {"id": 7}, {"id": 6}], _EXCHANGE, None)], True), 3, True, "pagination.no_duplicate"),
        (Walk([Page([{"id": 10}, {"id": 9}, {"id": 8}], _EXCHANGE, "c"), Page([{"id": 6}, {"id": 5}, {"id": 4}], _EXCHANGE, None)], True), 3, True, "pagination.no_gap"),
        (Walk([Page([{"id": 10}, {"id": 9}], _EXCHANGE, "c"), Page([{"id": 8}], _EXCHANGE, None)], True), 3, True, "pagination.page_size"),
        (_walk(list(range(10, 0, -1)), 5, nexts=[True, True]), 5, True, "pagination.end_marker"),
        (_walk(list(range(10, 0, -1)), 5, nexts=[False, False]), 5, True, "pagination.end_marker"),
        (Walk([Page([{"id": 9}, {"id": 10}], _EXCHANGE, None)], True), 2, True, "pagination.order"),
        (_walk(list(range(10, 2, -1)), 4, nexts=[True, False]), 4, False, "pagination.no_gap"),
    ],
    ids=["duplicate", "gap", "short-page", "cursor-after-last", "no-cursor-before-last", "order", "missing-tail"],
)
def test_each_defect_is_named(walked, limit, exact_end, check):
    with pytest.raises(Violation) as caught:
        _check(walked, REFERENCE, limit, exact_end=exact_end)
    assert caught.value.check == check


def test_without_an_end_marker_a_full_last_page_may_be_followed_by_an_empty_one():
    walked = Walk([Page([{"id": 10}, {"id": 9}], _EXCHANGE, "c"), Page([], _EXCHANGE, None)], True)
    _check(walked, _walk([10, 9], 100), 2, exact_end=False)


@given(st.integers(0, 5000), st.integers(1, 200), st.integers(1, 50), st.data())
def test_limits_stay_within_the_page_budget(count, largest, max_pages, data):
    limit = data.draw(limits(count=count, largest=largest, max_pages=max_pages))
    assert 1 <= limit <= largest
    assert -(-count // limit) <= max_pages or limit == largest
