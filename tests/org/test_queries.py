"""listTasks against a brute-force reading of the fixture records: filters, order, shapes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock.core.errors import NotFound
from mock.org.generate import STATUSES, TENANTS
from mock.org.queries import dependents_sql, list_tasks_sql

from .conftest import ORGS, expected, list_tasks, principal

_FIXTURE_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _values_or_none(values):
    return st.none() | st.sampled_from(values)


@st.composite
def queries(draw, *, orgs=ORGS):
    """Parameter sets of listTasks, each filter present or not."""
    org = draw(st.sampled_from(orgs))
    tenant = next(t for t in TENANTS if t["id"] == org)
    return org, {
        "task_list_id": draw(_values_or_none([*tenant["lists"], "no-such-list"])),
        "status": draw(_values_or_none(STATUSES)),
        "assigned_agent_id": draw(_values_or_none(list(tenant["agents"]))),
        "limit": draw(st.integers(1, 100)),
    }


@given(query=queries())
@_FIXTURE_SETTINGS
def test_filters_intersect_and_newest_come_first(default_world, records, query):
    org, params = query
    body = list_tasks(default_world, principal(org), organisation=org, **params)
    assert list(body) == ["tasks", "count"]
    assert body["tasks"] == expected(records, org, **params)
    assert body["count"] == len(body["tasks"])


@given(query=queries(), data=st.data())
@_FIXTURE_SETTINGS
def test_depends_on_returns_the_waiting_tasks(default_world, records, query, data):
    org, params = query
    blockers = sorted({b for r in records if r["tenant"] == org for b in r["task"]["dependsOn"]})
    blocker = data.draw(st.sampled_from(blockers))
    sent = data.draw(st.sampled_from([blocker, blocker.upper()]))
    want = expected(records, org, depends_on=blocker, **params)
    ids = list_tasks(default_world, principal(org), organisation=org, depends_on=sent, **params)
    assert ids == {"taskIds": [t["taskId"] for t in want], "count": len(want), "dependsOn": sent}
    full = list_tasks(default_world, principal(org), organisation=org, depends_on=sent, include_details=True, **params)
    assert full == {"taskIds": ids["taskIds"], "tasks": want, "count": len(want), "dependsOn": sent}


def test_a_hub_has_more_dependents_than_one_response_holds(default_world, records):
    counts = {}
    for r in records:
        for blocker in r["task"]["dependsOn"]:
            counts[blocker] = counts.get(blocker, 0) + 1
    hub = max(counts, key=counts.get)
    org = next(r["tenant"] for r in records if r["task"]["taskId"] == hub)
    body = list_tasks(default_world, principal(org), organisation=org, depends_on=hub, limit=10)
    assert counts[hub] > 10 and body["count"] == 10 == len(body["taskIds"])


def test_include_details_is_ignored_without_depends_on(default_world):
    plain = list_tasks(default_world, principal("quant"), organisation="quant", limit=7)
    assert list_tasks(default_world, principal("quant"), organisation="quant", limit=7, include_details=True) == plain


def test_depends_on_an_unknown_or_foreign_task_is_an_empty_result(default_world, records):
    foreign = next(b for r in records if r["tenant"] == "northwind" for b in r["task"]["dependsOn"])
    for task_id in (foreign, "00000000-0000-4000-8000-000000000000"):
        body = list_tasks(default_world, principal("quant"), organisation="quant", depends_on=task_id)
        assert body == {"taskIds": [], "count": 0, "dependsOn": task_id}


def test_ties_on_created_at_are_ordered_by_task_id(default_world, records):
    tasks = list_tasks(default_world, principal("quant"), organisation="quant", limit=100)["tasks"]
    keys = [(t["createdAt"], t["taskId"]) for t in tasks]
    assert keys == sorted(keys, reverse=True)
    assert len({t["createdAt"] for t in tasks}) < len(tasks), "the world should hold createdAt ties"


def test_a_new_task_matching_the_filters_comes_first(world):
    from mock.org.admin import create_task

    new = create_task(world, {"tenant": "quant", "task": {"taskListId": "world-1", "status": "pending"}})
    body = list_tasks(world, principal("quant"), organisation="quant", task_list_id="world-1", status="pending", limit=5)
    assert body["tasks"][0] == new


def test_another_organisation_answers_like_a_nonexistent_one(default_world):
    messages = []
    for org in ("northwind", "no-such-org"):
        with pytest.raises(NotFound) as caught:
            list_tasks(default_world, principal("quant"), organisation=org, depends_on="00000000-0000-4000-8000-000000000000")
        messages.append(caught.value.message.replace(org, "<org>"))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("columns", [(), ("task_list_id",), ("status",), ("assigned_agent_id",),
                                     ("task_list_id", "status"), ("task_list_id", "assigned_agent_id"),
                                     ("status", "assigned_agent_id"), ("task_list_id", "status", "assigned_agent_id")])
def test_every_filter_combination_is_one_ordered_index_search(default_world, columns):
    sql, params = list_tasks_sql("quant", limit=5, **{c: "x" for c in columns})
    plan = [row[3] for row in default_world.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert len(plan) == 1 and plan[0].startswith("SEARCH org_tasks USING INDEX"), plan
    assert all(f"{c}=?" in plan[0] for c in columns)
    assert "LIMIT ?" in sql


def test_reverse_lookup_reads_only_the_blockers_dependents(default_world):
    sql, params = dependents_sql("quant", "x", status="pending", limit=5)
    plan = [row[3] for row in default_world.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert plan == ["SEARCH d USING PRIMARY KEY (org=? AND blocker=?)", "SEARCH t USING INDEX sqlite_autoindex_org_tasks_1 (task_id=?)"]
