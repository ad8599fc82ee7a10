"""The default BeeOS world covers the seed's edge cases, and a broken fixture names its file, record and field."""

from __future__ import annotations

import re
import shutil
import time

import pytest
import yaml

from mock.beeos import PLUGIN
from mock.beeos.generate import generate
from mock.beeos.store import timestamp_us
from mock.beeos.tenants import read_tenants
from mock.core.errors import FixtureError
from tests.beeos.conftest import FIXTURES, empty_db, load


def test_default_world_covers_the_edge_cases(records):
    tenants = read_tenants(FIXTURES)
    assert len(tenants) == 3
    tasks = [r for r in records if r["protocol"] == "openapi"]
    for tenant in tenants:
        own = [r["task"] for r in tasks if r["tenant"] == tenant.owner_id]
        assert len(own) >= 150, "several default pages (limit 50) per owner"
        visible = {a.agent_id for t in tenants for a in t.agents if not a.archived and (t is tenant or tenant.owner_id in a.shared_with)}
        assert {t["agent_id"] for t in own} - visible, "tasks of agents the owner can no longer see"
        assert {a.agent_id for a in tenant.agents if not a.archived} - {r["task"]["agent_id"] for r in tasks}, "a visible agent without tasks"
        assert any(c.expires_at and timestamp_us(c.expires_at) < time.time() * 1e6 for c in tenant.credentials)
        assert any(r["tenant"] == tenant.owner_id and r["protocol"] != "openapi" for r in records), "conversations"
        assert {t.get("close_reason") for t in own} == {None, "completed", "failed", "cancelled", "deadline_exceeded"}
        assert {t["state"] for t in own} == {"active", "closed"}
        instances = [r.get("instance_id") for r in tasks if r["tenant"] == tenant.owner_id]
        assert None in instances and len(set(instances)) >= 4, "tasks on several instances, and some on none"
    metadata = [t["task"]["metadata"] for t in tasks]
    assert {} in metadata and all(isinstance(v, str) for m in metadata for v in m.values())
    assert any("" in m.values() for m in metadata) and any(not v.isascii() for m in metadata for v in m.values())
    created = [t["task"]["created_at"] for t in tasks]
    assert len(set(created)) < len(created), "equal timestamps, so the task_id tie-break matters"


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    out = tmp_path_factory.mktemp("beeos-small")
    generate(out, tasks=40, seed=3)
    return out


@pytest.fixture
def broken(small_world, tmp_path):
    """A private copy of a small world whose files a test edits, then loads."""
    target = tmp_path / "world"
    shutil.copytree(small_world, target)
    return target


def _edit_yaml(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _set(key, value):
    def change(data):
        record = data["tasks"][2]  # record 3
        (record if key in ("tenant", "protocol", "instance_id", "task", "owner") else record["task"])[key] = value

    return change


def _drop(key):
    return lambda data: data["tasks"][2]["task"].pop(key)


TASK_BREAKS = {
    "bad timestamp": (_set("created_at", "yesterday"), "task.created_at"),
    "naive timestamp": (_set("created_at", "2025-03-01T10:00:00"), "task.created_at"),
    "missing field": (_drop("state"), "task"),
    "missing created_at": (_drop("created_at"), "task.created_at"),
    "metadata not an object": (_set("metadata", "x"), "task.metadata"),
    "metadata value not a string": (_set("metadata", {"n": 1}), "task.metadata.n"),
    "null optional field": (_set("caller_id", None), "task.caller_id"),
    "row state open": (_set("state", "open"), "task.state"),
    "empty instance": (_set("instance_id", ""), "instance_id"),
    "unknown tenant": (_set("tenant", "usr_nobody"), "tenant"),
    "bad protocol": (_set("protocol", "Open API"), "protocol"),
    "unknown record key": (_set("owner", "x"), "owner"),
    "dangling agent": (_set("agent_id", "agt_nowhere"), "task.agent_id"),
    "caller of another owner": (_set("caller_id", "usr_demo_zed"), "task.caller_id"),
    "reason while active": (lambda d: d["tasks"][2]["task"].update(state="active", close_reason="completed"), "task.close_reason"),
    "closed without reason": (lambda d: [d["tasks"][2]["task"].update(state="closed", closed_at="2030-01-01T00:00:00Z"), d["tasks"][2]["task"].pop("close_reason", None)], "task.close_reason"),
    "closed before created": (lambda d: d["tasks"][2]["task"].update(state="closed", closed_at="2000-01-01T00:00:00Z", close_reason="completed"), "task.closed_at"),
    "deadline before created": (_set("deadline_at", "2000-01-01T00:00:00Z"), "task.deadline_at"),
    "duplicate id": (lambda d: d["tasks"][2]["task"].update(task_id=d["tasks"][1]["task"]["task_id"]), "task.task_id"),
}


@pytest.mark.parametrize("change, field", TASK_BREAKS.values(), ids=TASK_BREAKS.keys())
def test_broken_task_record_names_file_record_and_field(broken, change, field):
    _edit_yaml(broken / "tasks.yaml", change)
    with pytest.raises(FixtureError) as exc:
        load(broken)
    assert exc.value.file.endswith("tasks.yaml") and exc.value.field == field
    assert exc.value.record == "3" or exc.value.record.startswith("3 (task_id=")
    assert all(part in str(exc.value) for part in ("tasks.yaml", exc.value.record, repr(field)))


def _tenant(i, change):
    return lambda data: change(data["tenants"][i])


TENANT_BREAKS = {
    "duplicate token": (_tenant(1, lambda t: t["credentials"][1].update(token="oag_demo_alice_main_NOT_A_SECRET")), "credentials.1.token"),
    "token without oag_": (_tenant(0, lambda t: t["credentials"][0].update(token="sk_live_123456789")), "credentials.0.token"),
    "bad expiry": (_tenant(0, lambda t: t["credentials"][0].update(expires_at="soon")), "credentials.0.expires_at"),
    "duplicate agent": (_tenant(2, lambda t: t["agents"][0].update(agent_id="agt_demo_bob_support")), "agents.0.agent_id"),
    "unknown share": (_tenant(0, lambda t: t["agents"][2].update(shared_with=["usr_nobody"])), "agents.2.shared_with.0"),
    "missing name": (_tenant(1, lambda t: t.pop("name")), "name"),
    "duplicate owner": (_tenant(2, lambda t: t.update(owner_id="usr_demo_alice")), "owner_id"),
}


@pytest.mark.parametrize("change, field", TENANT_BREAKS.values(), ids=TENANT_BREAKS.keys())
def test_broken_tenant_names_file_record_and_field(broken, change, field):
    _edit_yaml(broken / "tenants.yaml", change)
    with pytest.raises(FixtureError) as exc:
        load(broken)
    assert exc.value.file.endswith("tenants.yaml") and exc.value.field == field
    assert " (owner_id=" in exc.value.record


def test_a_key_the_schema_does_not_know_is_served_as_given(broken):
    # The published objects are open: a world may carry extra keys to check that clients ignore them.
    _edit_yaml(broken / "tasks.yaml", lambda d: [r["task"].update(x_extra={"n": 2**70 + 1}) for r in d["tasks"]])
    wires = [row[0] for row in load(broken).execute("SELECT wire FROM beeos_tasks")]
    assert wires and all('"x_extra":{"n":1180591620717411303425}' in w for w in wires)


def test_broken_jsonl_line_names_the_line(broken):
    generate(broken, tasks=40, seed=3, format="jsonl")
    lines = (broken / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][:-3]
    (broken / "tasks.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FixtureError) as exc:
        load(broken)
    assert exc.value.file.endswith("tasks.jsonl") and exc.value.record == "5"


@pytest.mark.parametrize("extra", ["both", "neither"])
def test_exactly_one_task_file(broken, extra):
    if extra == "both":
        (broken / "tasks.jsonl").write_text("", encoding="utf-8")
    else:
        (broken / "tasks.yaml").unlink()
    with pytest.raises(FixtureError, match="tasks.{yaml,jsonl}"):
        load(broken)


def test_malformed_yaml_is_a_fixture_error(broken):
    (broken / "tenants.yaml").write_text("tenants: [unclosed\n", encoding="utf-8")
    with pytest.raises(FixtureError, match="not valid YAML"):
        load(broken)


def test_unquoted_timestamps_stay_wire_strings(broken):
    text = (broken / "tasks.yaml").read_text(encoding="utf-8")
    text = re.sub(r"created_at: '([^']*)'", r"created_at: \1", text)
    assert "created_at: 20" in text  # what YAML's default loader would turn into a datetime
    (broken / "tasks.yaml").write_text(text, encoding="utf-8")
    conn = load(broken)
    wires = [row[0] for row in conn.execute("SELECT wire FROM beeos_tasks")]
    assert wires and all('"created_at":"20' in w for w in wires)


def test_a_failed_load_inserts_nothing_after_the_bad_record(broken):
    _edit_yaml(broken / "tasks.yaml", _set("agent_id", "agt_nowhere"))
    conn = empty_db()
    conn.execute("BEGIN")
    with pytest.raises(FixtureError):
        PLUGIN.load_world(conn, broken)
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM beeos_tasks").fetchone()[0] == 0
