"""The world generator: same seed, same bytes; any seed, a world that loads and holds every case."""

from __future__ import annotations

import json

import pytest

from mock.org.generate import STATUSES, generate

from .conftest import load


def test_the_same_seed_gives_the_same_bytes_and_another_seed_another_world(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate(tmp_path / name, tasks=300, seed=seed, format="jsonl")
    same = [(tmp_path / n / "tasks.jsonl").read_bytes() for n in ("a", "b", "c")]
    assert same[0] == same[1] != same[2]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_generated_world_loads_and_covers_every_status_and_null(tmp_path, seed):
    generate(tmp_path, tasks=301, seed=seed, format="jsonl")
    load(tmp_path)  # schema and world rules, record by record
    tasks = [json.loads(line)["task"] for line in (tmp_path / "tasks.jsonl").read_text().splitlines()]
    assert len(tasks) == 301
    assert {t["status"] for t in tasks} == set(STATUSES)
    for key in ("taskListId", "assignedAgentId", "blockedReason", "blockedByTaskIds"):
        assert {t[key] is None for t in tasks} == {True, False}, key


def test_switching_format_leaves_one_task_file(tmp_path):
    generate(tmp_path, tasks=30, seed=0, format="yaml")
    generate(tmp_path, tasks=30, seed=0, format="jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.jsonl", "tenants.yaml"]
    with pytest.raises(ValueError, match="format"):
        generate(tmp_path, tasks=30, seed=0, format="csv")


def test_a_negative_size_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ValueError, match="tasks must be >= 0"):
        generate(tmp_path / "out", tasks=-1, seed=0)
    assert not (tmp_path / "out").exists()
