"""The generator: same arguments, same bytes; every world it makes loads and keeps the seed's edge cases."""

from __future__ import annotations

import json

import pytest

from mock.beeos.fixtures import iter_records
from mock.beeos.generate import generate
from tests.beeos.conftest import FIXTURES, load


def _files(path):
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_committed_fixtures_are_the_generators_seed_0_output(tmp_path):
    generate(tmp_path, tasks=600, seed=0)
    assert _files(tmp_path) == _files(FIXTURES)


@pytest.mark.parametrize("fmt", ["yaml", "jsonl"])
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, fmt):
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(tmp_path / name, tasks=50, seed=seed, format=fmt)
    assert _files(tmp_path / "a") == _files(tmp_path / "b") != _files(tmp_path / "c")


def test_jsonl_lines_are_the_yaml_records(tmp_path):
    generate(tmp_path / "y", tasks=300, seed=1)
    generate(tmp_path / "j", tasks=300, seed=1, format="jsonl")
    lines = (tmp_path / "j" / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [record for _, record in iter_records(tmp_path / "y" / "tasks.yaml")]


def test_switching_format_leaves_exactly_one_task_file(tmp_path):
    generate(tmp_path, tasks=10, seed=0)
    generate(tmp_path, tasks=10, seed=0, format="jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.jsonl", "tenants.yaml"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_small_world_still_has_every_edge_case(tmp_path, seed):
    generate(tmp_path, tasks=60, seed=seed)
    conn = load(tmp_path)
    channels = {(row["owner_id"], row["protocol"], row["agent_id"]) for row in conn.execute("SELECT * FROM beeos_tasks")}
    for name, prev, nxt in (("alice", "carol", "bob"), ("bob", "alice", "carol"), ("carol", "bob", "alice")):
        owner = f"usr_demo_{name}"
        assert {(owner, "openapi", f"agt_demo_{name}_retired"), (owner, "openapi", f"agt_demo_{prev}_private")} <= channels
        assert {(owner, "conversation", f"agt_demo_{nxt}_private"), (owner, "conversation", f"agt_demo_{name}_idle")} <= channels
    assert not {c for c in channels if c[1] == "openapi" and c[2].endswith("_idle")}


@pytest.mark.parametrize(("kwargs", "message"), [({"tasks": -1}, "negative"), ({"tasks": 1, "format": "csv"}, "format")])
def test_bad_arguments_are_refused(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        generate(tmp_path, seed=0, **kwargs)
