"""Big generated worlds: tasks.yaml one JSON record a line, read exactly as YAML reads it, served by the mock."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from agent_tasks.apis import APIS
from mock.core.errors import FixtureError
from mock.core.fixture_files import FLOW_ABOVE
from mock.core.flow_yaml import flow_lines, yaml_may_differ
from mock.core.registry import plugin
from mock.core.store import Store
from mock.core.task_records import yaml_records
from tests.cli.procs import run

ABOVE = FLOW_ABOVE + 1


@pytest.fixture(scope="module")
def big_world(tmp_path_factory):
    out = tmp_path_factory.mktemp("big")
    done = run("fixtures", "generate", "--tasks", str(ABOVE), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("api", list(APIS))
def test_above_the_threshold_each_record_is_one_json_line_that_yaml_reads_alike(big_world, api):
    path = big_world / api / "tasks.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    assert len(lines) == ABOVE and all(line.startswith("- {") for line in lines)
    whole = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["tasks"]
    assert flow_lines(path, lambda members: None) is not None and yaml_records(path) == whole
    # Each line is JSON too, and its floats are written so that YAML 1.1 reads them as floats.
    assert [json.loads(line[2:]) for line in lines] == whole


def test_a_small_world_stays_block_style(tmp_path):
    plugin("org").generate(tmp_path, tasks=FLOW_ABOVE, seed=0)
    assert "\n- tenant: " in (tmp_path / "tasks.yaml").read_text()
    assert flow_lines(tmp_path / "tasks.yaml", lambda members: None) is None


def test_the_big_world_builds_and_every_task_is_in_it(big_world, tmp_path):
    store = Store.build(big_world, tuple(APIS), tmp_path / "world.sqlite")
    conn = store.connection()
    counts = {api: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for api, table in (("beeos", "beeos_tasks"), ("orq", "orq_tasks"), ("org", "org_tasks"))}
    assert counts == dict.fromkeys(APIS, ABOVE)


HEADER = "# hand-edited\ntasks:\n"


@pytest.mark.parametrize(
    "body",
    [
        # JSON reads 1e5 and 9e-05 as numbers, YAML 1.1 as strings: the YAML reading wins.
        '- {"tenant": "quant", "task": {"n": 1e5, "m": 9e-05, "k": [1E3]}}\n',
        '- {"tenant": "quant", "task": {"big": 123456789012345678901234567890}}\n',
        # YAML flow syntax that is not JSON: the whole file goes to PyYAML.
        '- {"tenant": "quant", "task": {"a": 1}}\n- {tenant: quant, task: {a: yes}}\n',
        # Block style after a flow line, an alias, a trailing comment: PyYAML too.
        '- {"tenant": "quant", "task": &t {"a": 1}}\n- {"tenant": "quant", "task": *t}\n',
        '- {"tenant": "quant", "task": {"a": 1}} # note\n',
        '- {"tenant": "quant", "task": {"a": 1}}\n- tenant: quant\n  task: {}\n',
        '- {"tenant": "quant", "task": {"s": "x:1e5 \\u00e9 é"}}\n\n# comment\n- {"tenant": "q", "task": {}}\n',
    ],
)
def test_any_tasks_yaml_reads_exactly_as_pyyaml_reads_it(tmp_path, body):
    path = tmp_path / "tasks.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    assert yaml_records(path) == yaml.safe_load(path.read_text(encoding="utf-8"))["tasks"]


def test_a_number_yaml_reads_as_a_string_is_found_inside_a_line(tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text(HEADER + '- {"tenant": "quant", "task": {"n": 1e5}}\n', encoding="utf-8")
    assert yaml_records(path) == [{"tenant": "quant", "task": {"n": "1e5"}}]
    assert yaml_may_differ(b'{"a":"01JGXG9V07DENE7S"}') is False


def test_a_broken_flow_line_is_reported_with_its_line_by_the_yaml_parser(tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text(HEADER + '- {"tenant": "quant", "task": {"a": 1}\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"tasks.yaml:4:1|tasks.yaml:3"):
        yaml_records(path)


@pytest.mark.parametrize("api", list(APIS))
@pytest.mark.parametrize("break_it", ["tenant", "task"])
def test_a_bad_flow_record_is_named_by_its_place_in_the_list(big_world, tmp_path, api, break_it):
    world = tmp_path / "world"
    shutil.copytree(big_world / api, world / api)
    path = world / api / "tasks.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines.index("tasks:\n") + 1
    # Record 1500 is line first+1499; a comment and a blank line above it must not shift its number.
    record = json.loads(lines[first + 1499][2:])
    if break_it == "tenant":
        record["tenant"] = "nobody-here"  # the head's check fails: the slow check names the tenant
    else:
        record["task"] = {**record["task"], "created_at": 7, "createdAt": 7, "created": 7}  # the task's check fails
    lines[first + 1499] = "- " + json.dumps(record) + "\n"
    lines[first + 10 : first + 10] = ["# a note\n", "\n"]
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(FixtureError) as caught:
        Store.build(world, (api,), tmp_path / "world.sqlite")
    assert caught.value.file == str(path) and caught.value.record.split(" ")[0] == "1500"
    assert caught.value.field.startswith("tenant" if break_it == "tenant" else "task")


def test_a_world_with_lines_yaml_reads_otherwise_builds_with_their_yaml_values(big_world, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(big_world / "beeos", world / "beeos")
    path = world / "beeos" / "tasks.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("tasks:\n") + 1 + 99  # record 100; BeeOS serves keys its schema does not know
    record = json.loads(lines[at][2:])
    record["task"]["x-note"] = "rate 1e5"  # exponent-like text in a string: JSON and YAML agree
    lines[at] = "- " + json.dumps(record)[:-2] + ', "x-rate": 1e5, "x-small": 1.0e-05}}\n'
    path.write_text("".join(lines), encoding="utf-8")
    conn = Store.build(world, ("beeos",), tmp_path / "world.sqlite").connection()
    wire = conn.execute("SELECT wire FROM beeos_tasks WHERE task_id = ?", (record["task"]["task_id"],)).fetchone()[0]
    task = json.loads(wire)
    assert (task["x-rate"], task["x-small"], task["x-note"]) == ("1e5", 1e-05, "rate 1e5")  # YAML 1.1: 1e5 is a string
