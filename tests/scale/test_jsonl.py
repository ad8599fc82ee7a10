"""The jsonl fast path splits a record line into its head and its task only when that changes nothing."""

from __future__ import annotations

import json

import pytest

from mock.core.jsonl import head_members, split, task_lines

TASK = {"task_id": "t1", "metadata": {"task": {"task": 1}, "note": "say \"task\": here"}}


@pytest.mark.parametrize(
    "line",
    [
        json.dumps({"tenant": "a", "protocol": "openapi", "task": TASK}, separators=(",", ":")) + "\n",
        json.dumps({"tenant": "a", "task": TASK}) + "\n",
        json.dumps({"task": TASK}),
        json.dumps({"tenant": "é", "task": TASK}, ensure_ascii=False) + "  \r\n",
    ],
    ids=["compact", "default separators", "task only", "non-ascii, trailing space"],
)
def test_a_record_whose_last_key_is_task_splits_into_what_json_reads(line):
    head, task, text = split(line)
    record = json.loads(line)
    assert {**head_members(head), "task": task} == record
    assert json.loads(text) == task == TASK and text in line


@pytest.mark.parametrize(
    "line",
    [
        '{"tenant":"a","task":{"x":1},"task":{"x":2}}',  # json keeps the last "task"
        '{"task" :{"x":1},"tenant":"a","task":{"x":2}}',  # a first "task" key the search does not see
        '{"task":{"x":1},"tenant":"a"}',  # task is not the last key
        '{"protocol":{"task":1},"tenant":"a","task":{"x":2}}',  # the first "task": is nested
        '{"tenant":"a\\"task":{"x":1}}',  # ... or inside a string
        '{"tenant":"a","task":{"x":1}',  # not JSON
        '["tenant","task":{"x":1}]',
        '{"tenant":"a","task":{"x":1}\x0c}',  # a form feed is not JSON whitespace
        '{"tenant":"a",\u3000"task":{"x":1}}',  # nor is an ideographic space before the task
        '{"tenant":"a","task":{"x":NaN}}',  # json's extension to JSON
        '{"tenant":"a","task":{"n":1180591620717411303425}}',  # orjson would read it as a float
        "\n",
    ],
)
def test_anything_else_is_left_to_the_full_parse(line):
    parts = split(line)
    assert parts is None or head_members(parts[0]) is None


def test_task_lines_checks_each_distinct_head_once(tmp_path):
    path = tmp_path / "tasks.jsonl"
    heads = ['{"tenant":"a",', '{"tenant":"b",', '{"tenant":"c",']
    path.write_text("".join(f'{heads[n % 3]}"task":{{"n":{n}}}}}\n' for n in range(30)) + "\n", encoding="utf-8")
    seen: list[dict] = []

    def context(members: dict) -> str | None:
        seen.append(members)
        return None if members["tenant"] == "c" else members["tenant"]

    rows = list(task_lines(path, context))
    assert seen == [{"tenant": "a"}, {"tenant": "b"}, {"tenant": "c"}]
    assert [(n, head, task) for n, _, head, task, _ in rows[:4]] == [
        (1, "a", {"n": 0}), (2, "b", {"n": 1}), (3, None, {"n": 2}), (4, "a", {"n": 3}),
    ]
    assert rows[-1][:3] == (31, "\n", None)
