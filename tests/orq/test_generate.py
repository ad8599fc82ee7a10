"""The generator: deterministic, schema-valid at any size, and the committed world is its output."""

from __future__ import annotations

import filecmp

import pytest

from mock.orq import PLUGIN
from mock.orq.generate import generate
from mock.orq.rules import STATUSES
from tests.orq.conftest import FIXTURES, load


def test_the_committed_fixtures_are_the_generators_output(tmp_path):
    generate(tmp_path, tasks=480, seed=0)
    for name in ("tenants.yaml", "tasks.yaml"):
        assert filecmp.cmp(tmp_path / name, FIXTURES / name, shallow=False), f"fixtures/orq/{name} differs: regenerate it"


@pytest.mark.parametrize("format", ["yaml", "jsonl"])
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, format):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        PLUGIN.generate(tmp_path / name, tasks=40, seed=seed, format=format)
    task_file = f"tasks.{format}"
    assert (tmp_path / "a" / task_file).read_bytes() == (tmp_path / "b" / task_file).read_bytes()
    assert (tmp_path / "a" / task_file).read_bytes() != (tmp_path / "c" / task_file).read_bytes()


@pytest.mark.parametrize("tasks", [1, 2, 27, 301])
def test_any_size_loads_and_splits_the_total_over_the_workspaces(tmp_path, tasks):
    generate(tmp_path, tasks=tasks, seed=1, format="jsonl")
    conn = load(tmp_path)
    counts = dict(conn.execute("SELECT tenant, COUNT(*) FROM orq_tasks GROUP BY tenant").fetchall())
    assert sum(counts.values()) == tasks and max(counts.values()) - min(counts.values(), default=0) <= 1


def test_a_small_world_still_has_every_status_in_every_workspace(tmp_path):
    generate(tmp_path, tasks=27, seed=5, format="jsonl")
    conn = load(tmp_path)
    for (tenant,) in conn.execute("SELECT id FROM orq_tenants"):
        statuses = {row[0] for row in conn.execute("SELECT DISTINCT status FROM orq_tasks WHERE tenant = ?", (tenant,))}
        assert statuses == set(STATUSES), tenant


def test_regenerating_replaces_the_other_task_file(tmp_path):
    generate(tmp_path, tasks=3, seed=0, format="yaml")
    generate(tmp_path, tasks=3, seed=0, format="jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.jsonl", "tenants.yaml"]


def test_demo_credentials_list_every_key_and_notes_start_expired_exactly_for_expired_keys(tmp_path):
    generate(tmp_path, tasks=3, seed=0, format="jsonl")
    tenants = (tmp_path / "tenants.yaml").read_text()
    # Without its note, the expired key must still be flagged (the contract suite skips such keys).
    unnoted = tenants.replace("note: 'Expired demo API key of acme: always refused with 401.'", "note: ''")
    assert unnoted != tenants
    (tmp_path / "tenants.yaml").write_text(unnoted)
    credentials = {c["token"]: c for c in PLUGIN.demo_credentials(tmp_path)}
    assert {c["tenant"] for c in credentials.values()} == {"acme", "globex", "initech"}
    expired = {token for token, c in credentials.items() if c["note"].lower().startswith("expired")}
    assert expired == {"orq-demo-key-acme-expired"}
