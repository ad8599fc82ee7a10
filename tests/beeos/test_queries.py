"""BeeOS list semantics over the default world: filters, order, visibility, conversations, tenant isolation."""

from __future__ import annotations

import pytest

from mock.beeos import PLUGIN
from mock.beeos.queries import page_query
from mock.core.errors import InvalidRequest, NotFound
from tests.beeos.conftest import ALICE, BOB, CAROL, caller, expected, walk

list_tasks = PLUGIN.operations["listUserTasks"]
list_agent_tasks = PLUGIN.operations["listAgentTasks"]
STATES = ("active", "open", "closed", "all")


@pytest.mark.parametrize("owner", [ALICE, BOB, CAROL])
@pytest.mark.parametrize("state", STATES)
def test_walk_returns_the_owners_tasks_newest_first(default_world, records, owner, state):
    assert walk(default_world, caller(owner), state=state, limit=100) == expected(records, owner, state=state)


def test_default_state_is_active_which_is_open(default_world):
    alice = caller(ALICE)
    assert list_tasks(default_world, alice) == list_tasks(default_world, alice, state="open", limit=50)
    tasks = list_tasks(default_world, alice, limit=100)["data"]["tasks"]
    assert tasks and all(t["state"] == "active" and "closed_at" not in t and "close_reason" not in t for t in tasks)


def test_closed_tasks_carry_a_reason_and_no_key_is_null(default_world):
    tasks = walk(default_world, caller(ALICE), state="closed")
    assert tasks and all(t["state"] == "closed" and t["close_reason"] and t["closed_at"] for t in tasks)
    assert all(value is not None for t in walk(default_world, caller(ALICE), state="all") for value in t.values())


def test_metadata_is_a_string_map(default_world):
    tasks = walk(default_world, caller(ALICE), state="all")
    assert any(t["metadata"] for t in tasks)
    assert all(isinstance(k, str) and isinstance(v, str) for t in tasks for k, v in t["metadata"].items())


def test_all_is_open_and_closed(default_world):
    alice = caller(ALICE)
    both = walk(default_world, alice, state="open") + walk(default_world, alice, state="closed")
    everything = walk(default_world, alice, state="all")
    assert sorted(t["task_id"] for t in both) == sorted(t["task_id"] for t in everything)


def test_ties_on_created_at_are_broken_by_task_id(default_world):
    tasks = walk(default_world, caller(BOB), state="all", limit=7)
    keys = [(t["created_at"], t["task_id"]) for t in tasks]
    assert len({t["created_at"] for t in tasks}) < len(tasks), "the world should have equal timestamps"
    assert keys == sorted(keys, reverse=True)


def test_conversations_never_appear(default_world, records):
    conversations = {r["task"]["task_id"] for r in records if r["protocol"] != "openapi"}
    assert conversations
    for owner in (ALICE, BOB, CAROL):
        assert not conversations & {t["task_id"] for t in walk(default_world, caller(owner), state="all")}


def test_tasks_of_agents_the_owner_no_longer_sees_are_listed(default_world):
    listed = {t["agent_id"] for t in walk(default_world, caller(ALICE), state="all")}
    # Alice's own archived agent, and Carol's private agent whose share with Alice was revoked.
    assert {"agt_demo_alice_retired", "agt_demo_carol_private"} <= listed
    for agent in ("agt_demo_alice_retired", "agt_demo_carol_private"):
        assert walk(default_world, caller(ALICE), "listAgentTasks", agent_id=agent, state="all")


def _all_agents(records):
    return sorted({r["task"]["agent_id"] for r in records} | {"agt_demo_alice_idle", "agt_nonexistent"})


@pytest.mark.parametrize("state", STATES)
def test_agent_filter_equals_the_per_agent_list(default_world, records, state):
    alice = caller(ALICE)
    for agent in _all_agents(records):
        filtered = list_tasks(default_world, alice, agent_id=agent, state=state, limit=5)
        try:
            per_agent = list_agent_tasks(default_world, alice, agent_id=agent, state=state, limit=5)
        except NotFound:
            assert filtered["data"] == {"tasks": [], "next_since": ""}
            continue
        assert per_agent == filtered
        assert walk(default_world, alice, "listAgentTasks", agent_id=agent, state=state, limit=5) == expected(
            records, ALICE, agent=agent, state=state
        )


def test_cursor_of_the_filtered_list_works_on_the_per_agent_list(default_world):
    alice = caller(ALICE)
    first = list_tasks(default_world, alice, agent_id="agt_demo_alice_support", state="all", limit=3)
    since = first["data"]["next_since"]
    assert list_agent_tasks(default_world, alice, agent_id="agt_demo_alice_support", state="all", since=since, limit=3) == list_tasks(
        default_world, alice, agent_id="agt_demo_alice_support", state="all", since=since, limit=3
    )


def test_visible_agent_without_tasks_is_an_empty_page(default_world):
    page = list_agent_tasks(default_world, caller(ALICE), agent_id="agt_demo_alice_idle", state="all")
    assert page == {"success": True, "data": {"tasks": [], "next_since": ""}}


def _instances(records):
    return sorted({r["instance_id"] for r in records if "instance_id" in r} | {"ins_nobody"})


@pytest.mark.parametrize("state", STATES)
def test_instance_filter_lists_the_tasks_running_there_across_agents(default_world, records, state):
    alice = caller(ALICE)
    for instance in _instances(records):
        assert walk(default_world, alice, instance_id=instance, state=state, limit=7) == expected(records, ALICE, instance=instance, state=state)
    # An instance hosts several agents; another owner's instance lists only the caller's tasks there.
    assert len({t["agent_id"] for t in walk(default_world, alice, instance_id="ins_demo_alice_main")}) > 1
    theirs = walk(default_world, alice, instance_id="ins_demo_carol_lab", state="all")
    assert theirs and all(t["agent_id"].startswith("agt_demo_carol_") for t in theirs)


def test_instance_and_agent_filters_combine(default_world, records):
    both = walk(default_world, caller(ALICE), agent_id="agt_demo_alice_research", instance_id="ins_demo_alice_gpu", state="all")
    by_instance = expected(records, ALICE, instance="ins_demo_alice_gpu", state="all")
    assert both and both == [t for t in by_instance if t["agent_id"] == "agt_demo_alice_research"]


def test_shared_agent_is_visible_to_the_next_owner(default_world):
    # Alice's translator is shared with Bob; Carol has neither visibility nor tasks on it.
    list_agent_tasks(default_world, caller(BOB), agent_id="agt_demo_alice_shared", state="all")
    with pytest.raises(NotFound):
        list_agent_tasks(default_world, caller(CAROL), agent_id="agt_demo_alice_shared", state="all")


def test_another_owners_agent_answers_exactly_like_a_nonexistent_one(default_world):
    # Alice only has a conversation on Bob's private agent: conversations grant no task access.
    with pytest.raises(NotFound) as foreign:
        list_agent_tasks(default_world, caller(ALICE), agent_id="agt_demo_bob_private")
    with pytest.raises(NotFound) as unknown:
        list_agent_tasks(default_world, caller(ALICE), agent_id="agt_demo_zz_private")
    assert (foreign.value.status, foreign.value.code) == (unknown.value.status, unknown.value.code) == (404, "agent_not_found")
    assert foreign.value.message.replace("agt_demo_bob_private", "X") == unknown.value.message.replace("agt_demo_zz_private", "X")


def test_owners_never_see_each_others_tasks(default_world):
    seen = {owner: {t["task_id"] for t in walk(default_world, caller(owner), state="all")} for owner in (ALICE, BOB, CAROL)}
    assert not seen[ALICE] & seen[BOB] and not seen[BOB] & seen[CAROL] and not seen[ALICE] & seen[CAROL]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c[:-1],  # truncated MAC
        lambda c: c[: len(c) // 2],  # truncated body
        lambda c: ("A" if c[0] != "A" else "B") + c[1:],  # altered body, old MAC
        lambda c: c.split(".")[0],  # no MAC at all
        lambda c: "not-a-cursor",
        lambda c: "!!!." + c.split(".")[1],
    ],
)
def test_tampered_cursor_is_invalid_param_since(default_world, tamper):
    alice = caller(ALICE)
    cursor = list_tasks(default_world, alice, state="all", limit=2)["data"]["next_since"]
    with pytest.raises(InvalidRequest) as exc:
        list_tasks(default_world, alice, state="all", since=tamper(cursor))
    assert exc.value.code == "invalid_param" and exc.value.status == 400
    assert exc.value.message.startswith("query parameter 'since': ")


def test_an_empty_since_is_the_first_page(default_world):
    alice = caller(ALICE)
    assert list_tasks(default_world, alice, since="", limit=3) == list_tasks(default_world, alice, limit=3)


def test_another_owners_cursor_is_invalid_not_their_data(default_world):
    cursor = list_tasks(default_world, caller(BOB), state="all", limit=2)["data"]["next_since"]
    with pytest.raises(InvalidRequest) as exc:
        list_tasks(default_world, caller(ALICE), state="all", since=cursor)
    assert exc.value.code == "invalid_param"


def test_cursor_signed_with_another_secret_is_invalid(default_world):
    cursor = list_tasks(default_world, caller(ALICE, cursor_secret="other"), state="all", limit=2)["data"]["next_since"]
    with pytest.raises(InvalidRequest):
        list_tasks(default_world, caller(ALICE), state="all", since=cursor)


def test_last_page_has_empty_next_since_and_no_empty_trailing_page(default_world, records):
    total = len(expected(records, ALICE, state="closed"))
    page = list_tasks(default_world, caller(ALICE), state="closed", limit=100)["data"]
    rest = list_tasks(default_world, caller(ALICE), state="closed", limit=100, since=page["next_since"])["data"]
    assert len(page["tasks"]) + len(rest["tasks"]) == total and 100 < total <= 200
    assert rest["next_since"] == "" and rest["tasks"]


@pytest.mark.parametrize(("params", "param"), [({"state": "done"}, "state"), ({"limit": 0}, "limit"), ({"limit": 101}, "limit")])
def test_out_of_contract_values_are_invalid_params_not_crashes(default_world, params, param):
    with pytest.raises(InvalidRequest) as exc:
        list_tasks(default_world, caller(ALICE), **params)
    assert exc.value.code == "invalid_param" and exc.value.message.startswith(f"query parameter '{param}': ")


@pytest.mark.parametrize(("agent_id", "instance_id"), [(None, None), ("agt_demo_alice_support", None), (None, "ins_demo_alice_main")])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("after", [None, (1, "tsk_x")])
def test_every_page_query_walks_an_index_and_stops_at_limit(default_world, agent_id, instance_id, state, after):
    sql, args = page_query(agent_id=agent_id, instance_id=instance_id, state=state, after=after, limit=50)
    plan = " | ".join(row[3] for row in default_world.execute(f"EXPLAIN QUERY PLAN {sql}", [ALICE, *args]))
    assert "USING INDEX beeos_tasks_" in plan and "SCAN" not in plan and "TEMP B-TREE" not in plan, plan
    assert sql.rstrip().endswith("LIMIT ?")
