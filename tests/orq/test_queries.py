"""listAgentTasks over the default world: order, filters, totals, cursors and tenant isolation."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mock.core.errors import InvalidRequest, NotFound
from mock.orq import admin
from mock.orq.queries import list_agent_tasks
from mock.orq.rules import STATUSES, derive_status
from tests.orq.conftest import copy_of, principal

ACME = principal("acme")


def everything(conn, tenant: str, agent: str, statuses=STATUSES) -> list[dict]:
    """The oracle: the agent's tasks with a status in `statuses`, newest first, filtered in Python."""
    rows = conn.execute("SELECT body FROM orq_tasks WHERE tenant = ? AND agent = ?", (tenant, agent))
    tasks = [json.loads(row["body"]) for row in rows]
    chosen = [t for t in tasks if derive_status(t["state"]) in statuses]
    return sorted(chosen, key=lambda t: t["_id"], reverse=True)


def ids(tasks: list[dict]) -> list[str]:
    return [t["_id"] for t in tasks]


def test_first_page_is_the_newest_tasks_and_total_counts_them_all(default_world):
    page = list_agent_tasks(default_world, ACME, agent_key="research-assistant")
    expected = everything(default_world, "acme", "research-assistant")
    assert page["tasks"] == expected[:10]
    assert page["overall_total"] == len(expected) > 10


@pytest.mark.parametrize("status", [*STATUSES, "errored,approval_required", "inactive,inactive", "in_progress,errored,inactive"])
def test_status_list_selects_the_union(default_world, status):
    expected = everything(default_world, "acme", "research-assistant", status.split(","))
    page = list_agent_tasks(default_world, ACME, agent_key="research-assistant", status=status, limit=200)
    assert page["tasks"] == expected
    assert page["overall_total"] == len(expected) > 0


def test_all_four_statuses_are_the_same_as_no_filter(default_world):
    everyone = list_agent_tasks(default_world, ACME, agent_key="customer-support", limit=25)
    assert list_agent_tasks(default_world, ACME, agent_key="customer-support", limit=25, status=",".join(STATUSES)) == everyone


def test_total_is_the_filtered_count_not_the_page_size(default_world):
    page = list_agent_tasks(default_world, ACME, agent_key="research-assistant", status="inactive", limit=1)
    assert len(page["tasks"]) == 1
    assert page["overall_total"] == len(everything(default_world, "acme", "research-assistant", ["inactive"])) > 1


def test_ending_before_the_first_of_page_two_returns_page_one(default_world):
    one = list_agent_tasks(default_world, ACME, agent_key="research-assistant", limit=7)
    two = list_agent_tasks(default_world, ACME, agent_key="research-assistant", limit=7, starting_after=one["tasks"][-1]["_id"])
    back = list_agent_tasks(default_world, ACME, agent_key="research-assistant", limit=7, ending_before=two["tasks"][0]["_id"])
    assert back == one
    assert set(ids(one["tasks"])).isdisjoint(ids(two["tasks"]))


def test_a_cursor_is_a_position_even_when_no_task_has_that_id(default_world):
    expected = everything(default_world, "acme", "research-assistant")
    # One past a real ID: between it and its older neighbour, so the neighbour comes first.
    middle = expected[20]["_id"]
    gap = middle[:-1] + ("1" if middle[-1] == "0" else "0")
    after = list_agent_tasks(default_world, ACME, agent_key="research-assistant", starting_after=gap, limit=3)
    assert ids(after["tasks"]) == [t for t in ids(expected) if t < gap][:3]
    before = list_agent_tasks(default_world, ACME, agent_key="research-assistant", ending_before=gap, limit=3)
    assert ids(before["tasks"]) == [t for t in ids(expected) if t > gap][-3:]


def test_cursors_beyond_either_end_give_an_empty_page(default_world):
    assert list_agent_tasks(default_world, ACME, agent_key="research-assistant", starting_after="0" * 26)["tasks"] == []
    assert list_agent_tasks(default_world, ACME, agent_key="research-assistant", ending_before="7" + "Z" * 25)["tasks"] == []


def test_both_cursors_are_rejected(default_world):
    with pytest.raises(InvalidRequest, match="mutually exclusive"):
        list_agent_tasks(default_world, ACME, agent_key="research-assistant", starting_after="0" * 26, ending_before="7" * 26)


def test_a_status_outside_the_list_is_rejected(default_world):
    with pytest.raises(InvalidRequest, match="'done'"):
        list_agent_tasks(default_world, ACME, agent_key="research-assistant", status="errored,done")


def test_an_agent_with_no_tasks_is_an_empty_page_not_a_404(default_world):
    assert list_agent_tasks(default_world, ACME, agent_key="onboarding-guide") == {"tasks": [], "overall_total": 0}


def test_another_workspaces_agent_is_not_found_exactly_like_a_missing_one(default_world):
    with pytest.raises(NotFound) as foreign:
        list_agent_tasks(default_world, ACME, agent_key="code-reviewer")  # globex's
    with pytest.raises(NotFound) as missing:
        list_agent_tasks(default_world, ACME, agent_key="code-reviewr")
    assert (foreign.value.code, foreign.value.status) == (missing.value.code, missing.value.status)
    assert foreign.value.message.replace("code-reviewer", "X") == missing.value.message.replace("code-reviewr", "X")


def test_same_agent_key_in_two_workspaces_lists_only_the_callers_tasks(default_world):
    for tenant in ("acme", "globex"):
        page = list_agent_tasks(default_world, principal(tenant), agent_key="customer-support", limit=200)
        workspace = default_world.execute("SELECT workspace_id FROM orq_tenants WHERE id = ?", (tenant,)).fetchone()[0]
        assert page["tasks"] and {t["workspace_id"] for t in page["tasks"]} == {workspace}
        assert page["tasks"] == everything(default_world, tenant, "customer-support")


statuses_lists = st.lists(st.sampled_from(STATUSES), min_size=1, max_size=4)


@settings(max_examples=25, deadline=None)
@given(
    limit=st.integers(1, 40),
    chosen=st.none() | statuses_lists,
    inserts=st.lists(st.none() | st.integers(0, 80), max_size=6),
)
def test_a_starting_after_walk_sees_every_task_once_despite_inserts(default_world, limit, chosen, inserts):
    conn = copy_of(default_world)
    status = None if chosen is None else ",".join(chosen)
    expected = everything(conn, "acme", "research-assistant", chosen or STATUSES)
    times = [t["created"] for t in everything(conn, "acme", "research-assistant")]
    seen, cursor, visible, hidden = [], None, set(), set()
    while True:
        page = list_agent_tasks(conn, ACME, agent_key="research-assistant", limit=limit, status=status, starting_after=cursor)
        assert len(page["tasks"]) <= limit
        seen += ids(page["tasks"])
        if len(page["tasks"]) < limit:
            break
        cursor = seen[-1]
        if inserts:
            # A task created now (newer than the cursor) or back-dated among the old ones.
            when = inserts.pop()
            task = {} if when is None else {"created": times[when]}
            new = admin.create_task(conn, {"tenant": "acme", "agent": "research-assistant", "task": task})["_id"]
            # New tasks are in_progress: the walk shows one iff the filter takes it and it lies ahead.
            ahead = new < cursor and (chosen is None or "in_progress" in chosen)
            (visible if ahead else hidden).add(new)
    assert seen == sorted(set(seen), reverse=True), "a page repeated or reordered tasks"
    assert set(seen) == set(ids(expected)) | visible
    assert hidden.isdisjoint(seen)


@settings(max_examples=15, deadline=None)
@given(limit=st.integers(1, 30), chosen=st.none() | statuses_lists)
def test_an_ending_before_walk_retraces_the_pages_in_reverse(default_world, limit, chosen):
    status = None if chosen is None else ",".join(chosen)
    forward, cursor = [], None
    while True:
        page = list_agent_tasks(default_world, ACME, agent_key="customer-support", limit=limit, status=status, starting_after=cursor)
        if not page["tasks"]:
            break
        forward.append(ids(page["tasks"]))
        cursor = forward[-1][-1]
    backward, cursor = [], forward[-1][0]
    while True:
        page = list_agent_tasks(default_world, ACME, agent_key="customer-support", limit=limit, status=status, ending_before=cursor)
        if not page["tasks"]:
            break
        backward.append(ids(page["tasks"]))
        cursor = backward[-1][0]
    # Every forward page but the last is full, so going back from the last one retraces them exactly.
    assert backward == forward[:-1][::-1]
