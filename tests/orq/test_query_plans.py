"""Every statement a list request runs walks an index (no full scan, no sort of all matching rows)."""

from __future__ import annotations

import pytest

from mock.orq.queries import list_agent_tasks
from tests.orq.conftest import principal

CURSOR = "01K5PRT89ZV8T9WCF1Z6SGSGKJ"
REQUESTS = [
    {},
    {"starting_after": CURSOR},
    {"ending_before": CURSOR},
    {"status": "errored"},
    {"status": "errored,inactive", "starting_after": CURSOR},
    {"status": "approval_required,in_progress", "ending_before": CURSOR},
]


def statements(conn, **params) -> list[str]:
    """The SQL (with values inlined) that one listAgentTasks call executes."""
    executed: list[str] = []
    conn.set_trace_callback(executed.append)
    try:
        list_agent_tasks(conn, principal("acme"), agent_key="research-assistant", **params)
    finally:
        conn.set_trace_callback(None)
    return executed


@pytest.mark.parametrize("params", REQUESTS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "plain")
def test_every_statement_uses_an_index(default_world, params):
    executed = statements(default_world, **params)
    task_queries = [sql for sql in executed if "orq_tasks" in sql]
    assert task_queries, "the request ran no task query"
    for sql in executed:
        plan = " | ".join(row["detail"] for row in default_world.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SCAN" not in plan, f"{sql}\n  -> {plan}"
        assert "TEMP B-TREE" not in plan, f"{sql}\n  -> {plan}"
        assert "USING" in plan, f"{sql}\n  -> {plan}"
    pages = [sql for sql in task_queries if "COUNT(*)" not in sql]
    assert pages and all("LIMIT" in sql for sql in pages)
