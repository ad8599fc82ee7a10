"""The mock behaves like the service over HTTP: cursor walks survive inserts, filters partition."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.mock.conftest import auth

EXAMPLES = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def beeos_walk(client, tenant, *, limit, state="all", between=lambda: None) -> list[str]:
    seen, since = [], None
    while True:
        query = f"limit={limit}&state={state}" + (f"&since={since}" if since else "")
        body = client.get(f"/api/v1/tasks?{query}", headers=auth(tenant)).json()["data"]
        seen += [t["task_id"] for t in body["tasks"]]
        since = body["next_since"]
        if since == "":  # BeeOS's last page
            return seen
        between()


def orq_walk(client, tenant, *, limit, between=lambda: None) -> list[str]:
    seen, after = [], None
    while True:
        query = f"limit={limit}" + (f"&starting_after={after}" if after else "")
        tasks = client.get(f"{tenant.list_url}?{query}", headers=auth(tenant)).json()["tasks"]
        seen += [t["_id"] for t in tasks]
        if len(tasks) < limit:
            return seen
        after = tasks[-1]["_id"]
        between()


@EXAMPLES
@given(limit=st.integers(min_value=1, max_value=100), inserts=st.integers(min_value=0, max_value=3))
def test_beeos_walk_has_no_gap_or_duplicate_when_tasks_arrive_between_pages(client, all_tenants, limit, inserts):
    alice = all_tenants["beeos"][0]
    agent = alice.own_urls[0].split("/")[4]
    before = beeos_walk(client, alice, limit=100)
    created = []

    def insert():
        for _ in range(inserts):
            response = client.post("/__mock/beeos/tasks", json={"tenant": alice.id, "task": {"agent_id": agent}})
            created.append(response.json()["task_id"])

    try:
        assert beeos_walk(client, alice, limit=limit, between=insert) == before
    finally:
        for task_id in created:
            client.delete(f"/__mock/beeos/tasks/{task_id}")


@EXAMPLES
@given(limit=st.integers(min_value=1, max_value=60), inserts=st.integers(min_value=0, max_value=3))
def test_orq_walk_has_no_gap_or_duplicate_when_tasks_arrive_between_pages(client, all_tenants, limit, inserts):
    acme = all_tenants["orq"][0]
    agent = acme.list_url.split("/")[3]
    before = orq_walk(client, acme, limit=200)
    created = []

    def insert():
        for _ in range(inserts):
            response = client.post("/__mock/orq/tasks", json={"tenant": acme.id, "agent": agent, "task": {}})
            assert response.status_code == 201, response.text
            created.append(response.json()["_id"])

    try:
        assert orq_walk(client, acme, limit=limit, between=insert) == before
    finally:
        for task_id in created:
            client.delete(f"/__mock/orq/tasks/{task_id}")


def test_beeos_states_partition_all_and_active_is_open(client, all_tenants):
    alice = all_tenants["beeos"][0]
    walks = {state: beeos_walk(client, alice, limit=100, state=state) for state in ("all", "open", "closed", "active")}
    assert walks["open"] and walks["closed"]
    assert walks["active"] == walks["open"]
    assert sorted(walks["open"] + walks["closed"]) == sorted(walks["all"])


def test_org_depends_on_finds_exactly_the_tasks_that_depend_on_it(client, all_tenants):
    quant = all_tenants["org"][0]
    tasks = client.get(f"{quant.list_url}?limit=100", headers=auth(quant)).json()["tasks"]
    # A task's dependents are newer than it, so the newest 100 tasks hold every dependent of theirs.
    blockers = {b for t in tasks for b in t["dependsOn"]}
    assert blockers
    for blocker in sorted(blockers)[:5]:
        expected = [t["taskId"] for t in tasks if blocker in t["dependsOn"]]
        ids = client.get(f"{quant.list_url}?dependsOn={blocker}&limit=100", headers=auth(quant)).json()
        detailed = client.get(f"{quant.list_url}?dependsOn={blocker}&includeDetails=true&limit=100", headers=auth(quant)).json()
        assert ids == {"taskIds": expected, "count": len(expected), "dependsOn": blocker}
        assert detailed["taskIds"] == [t["taskId"] for t in detailed["tasks"]] == expected
