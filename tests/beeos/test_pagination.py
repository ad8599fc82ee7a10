"""Walking next_since with random limits while tasks are created, closed and deleted: no gap, no duplicate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock.beeos import PLUGIN
from mock.beeos.store import format_timestamp, timestamp_us
from tests.beeos.conftest import ALICE, BOB, caller, copy_of, walk

AGENTS = (None, "agt_demo_alice_support", "agt_demo_alice_retired", "agt_demo_carol_private", "agt_demo_alice_idle")
OWNERS = (ALICE, BOB)


def _order_key(task: dict) -> tuple[int, str]:
    return timestamp_us(task["created_at"]), task["task_id"]


def _new_record(owner: str, created: datetime, n: int) -> dict:
    agent = "agt_demo_alice_support" if owner == ALICE else "agt_demo_bob_support"
    return {"tenant": owner, "task": {"agent_id": agent, "created_at": format_timestamp(created), "metadata": {"n": str(n)}}}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    owner=st.sampled_from(OWNERS),
    agent=st.sampled_from(AGENTS),
    state=st.sampled_from(("active", "open", "closed", "all")),
    limits=st.lists(st.integers(1, 100), min_size=1, max_size=40),
    inserts=st.lists(st.integers(-200, 2), max_size=40),
)
def test_walk_sees_every_task_present_at_the_start_exactly_once(default_world, owner, agent, state, limits, inserts):
    world, principal = copy_of(default_world), caller(owner)
    operation = PLUGIN.operations["listUserTasks"]
    first = operation(world, principal, agent_id=agent, state=state, limit=100)["data"]
    start = {t["task_id"] for t in first["tasks"]}
    since = first["next_since"]
    while since:  # the full list before any change, for the ground truth ("" ends it)
        page = operation(world, principal, agent_id=agent, state=state, limit=100, since=since)["data"]
        start |= {t["task_id"] for t in page["tasks"]}
        since = page["next_since"]

    now, seen, since, last = datetime.now(timezone.utc), set(), None, None
    # Each page must add new tasks, so more pages than tasks means the walk does not end.
    for i in range(len(start) + len(inserts) + 1):
        limit = limits[i % len(limits)]
        page = operation(world, principal, agent_id=agent, state=state, limit=limit, since=since)["data"]
        assert len(page["tasks"]) <= limit
        for task in page["tasks"]:
            assert task["task_id"] not in seen, "a task was returned twice"
            assert last is None or _order_key(task) < last, "not newest first"
            seen.add(task["task_id"])
            last = _order_key(task)
        since = page["next_since"]
        if since == "":
            break
        if i < len(inserts):  # a task created between pages: now (days 0..2 ahead) or in the past
            PLUGIN.create_task(world, _new_record(owner, now + timedelta(days=inserts[i]), i))
    assert since == "", "the walk did not end"
    assert start <= seen, "a task present at the start was skipped"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.integers(1, 100), closes=st.integers(0, 5))
def test_closing_tasks_between_pages_neither_skips_nor_repeats(default_world, limit, closes):
    world, alice = copy_of(default_world), caller(ALICE)
    operation = PLUGIN.operations["listUserTasks"]
    page = operation(world, alice, state="all", limit=limit)["data"]
    seen = list(page["tasks"])
    for task in operation(world, alice, state="open", limit=closes or 1)["data"]["tasks"][:closes]:
        PLUGIN.update_task(world, task["task_id"], {"closed_at": task["deadline_at"], "close_reason": "cancelled"})
    while page["next_since"] != "":
        page = operation(world, alice, state="all", limit=limit, since=page["next_since"])["data"]
        seen += page["tasks"]
    ids = [t["task_id"] for t in seen]
    assert len(ids) == len(set(ids))
    assert set(ids) == {t["task_id"] for t in walk(world, alice, state="all", limit=100)}
