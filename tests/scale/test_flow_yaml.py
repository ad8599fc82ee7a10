"""A flow-layout tasks.yaml reads exactly as PyYAML reads it, however its JSON lines are spelt."""

from __future__ import annotations

import itertools
import json

import pytest
import yaml

from mock.core.errors import FixtureError
from mock.core.flow_yaml import flow_lines, yaml_may_differ
from mock.core.task_records import yaml_records

HEADER = b"# hand-edited\ntasks:\n"


def _resolver(tag: str):
    return next(regexp for t, regexp in yaml.resolver.Resolver.yaml_implicit_resolvers["1"] if t == tag)


YAML_FLOAT, YAML_INT = _resolver("tag:yaml.org,2002:float"), _resolver("tag:yaml.org,2002:int")
MANTISSAS = ["0", "7", "-7", "12", "1.0", "-1.5", "0.25", "10.000"]
EXPONENTS = ["", "e5", "E5", "e05", "e+5", "E+05", "e-5", "E-05", "e-0", "e+10"]
NUMBERS = [m + e for m, e in itertools.product(MANTISSAS, EXPONENTS)]


def pyyaml(data: bytes):
    """What the loaders' PyYAML (libyaml) makes of a whole file: its tasks, or "error"."""
    try:
        return yaml.load(data, Loader=yaml.CSafeLoader)["tasks"]
    except yaml.YAMLError:
        return "error"


def ours(tmp_path, data: bytes):
    path = tmp_path / "tasks.yaml"
    path.write_bytes(data)
    try:
        return yaml_records(path)
    except FixtureError:
        return "error"


@pytest.mark.parametrize("number", NUMBERS)
def test_a_number_is_flagged_exactly_when_yaml_reads_it_as_a_string(number):
    as_yaml_string = not (YAML_FLOAT.match(number) or YAML_INT.match(number))
    assert as_yaml_string == ("e" in number.lower() and not ("." in number and number.lower().split("e")[1][0] in "+-"))
    for text in (f'{{"n":{number}}}', f'{{"n": [1, {number} ]}}', f'{{"m":"x","n" :{number},"k":2}}'):
        assert yaml_may_differ(text.encode()) is as_yaml_string, text


@pytest.mark.parametrize("number", NUMBERS)
def test_each_number_spelling_reads_as_pyyaml_reads_it(tmp_path, number):
    data = HEADER + f'- {{"tenant": "q", "task": {{"n": {number}, "l": [{number}]}}}}\n'.encode()
    assert ours(tmp_path, data) == pyyaml(data)


@pytest.mark.parametrize(
    "text",
    [
        '{"id":"01JGXG9V07DENE7S","u":"3e4f0e1a-7e20-4e5d-9e+3","t":"2025-01-06T09:49:25.895Z"}',
        '{"a":1.0e-05,"b":1.0e+5,"c":-1.5E-3,"d":[2.5E+10],"e":123456789012345678}',
        '{"note":"say 1.0e5 or 1e5, not 1e5 as a number","x":"9e9"}',
    ],
)
def test_what_yaml_reads_alike_is_not_flagged(text):
    assert yaml_may_differ(text.encode()) is False


@pytest.mark.parametrize(
    "record",
    [
        # Numbers at the boundary of YAML 1.1's float, and exponent-like text in strings and ids.
        '{"tenant": "q", "task": {"a": 1.0e-05, "b": 1.0e+5, "c": 1.0e5, "d": 1e5, "e": -1.5E-3, "f": [1E3, 2.5e-1]}}',
        '{"tenant": "q", "task": {"s": "x:1e5, 2E+3]", "id": "01JGXG9V07DENE7S", "u": "3e4f-7e2-0e0"}}',
        '{"tenant": "q", "task": {"a" : 1e5 , "b":[ 1.5e5 ], "c": -0.0, "d": -0}}',
        '{"tenant": "q", "task": {"big": 1234567890123456789, "ok": 123456789012345678}}',
        # An escaped surrogate pair: JSON joins it, libyaml refuses it, so the file is an error.
        '{"tenant": "q", "task": {"s": "\\ud83d\\ude00"}}',
        '{"tenant": "q", "task": {"s": "\\udc00 alone"}}',
        '{"tenant": "q", "task": {"s": "\\u00e9 \\/ \\\\ \\" \\n"}}',
        # Characters YAML folds (NEL, LS and PS are line breaks to it) or refuses (DEL).
        '{"tenant": "q", "task": {"s": "p\x85q", "t": "x \u2028 y", "u": "a\u2029b"}}',
        '{"tenant": "q", "task": {"s": "a\x7fb"}}',
        '{"tenant": "q", "task": {"s": "\ufeff\ue000 é 😀"}}',
        # A key over 1024 characters is an error to YAML; a long value is not.
        '{"tenant": "q", "task": {"' + "k" * 1030 + '": 1}}',
        '{"tenant": "q", "task": {"' + 'k\\"' * 400 + '": 1}}',
        '{"tenant": "q", "task": {"' + "k" * 990 + '": 1, "v": "' + "v" * 3000 + '"}}',
        # JSON's NaN is not JSON to orjson (so PyYAML reads the file: a string); a repeated key: the last wins.
        '{"tenant": NaN, "task": {}}',
        '{"task": {"a": 1}, "tenant": "q", "task": {"a": 2}}',
        '{"tenant": "q", "task": {"a": 1}, "protocol": {"task": 2}}',
        '{"tenant": "q",\u3000"task": {"a": 1}}',  # not JSON whitespace: not JSON, so PyYAML reads the file
    ],
)
def test_any_record_line_reads_as_pyyaml_reads_it(tmp_path, record):
    data = HEADER + b'- {"tenant": "q", "task": {"n": 1}}\n- ' + record.encode() + b"\n"
    assert ours(tmp_path, data) == pyyaml(data)


@pytest.mark.parametrize(
    "data",
    [
        HEADER + b'- {"tenant": "q", "task": {"a":\t1}}\n',  # a tab: libyaml reads it, PyYAML's scanner not
        HEADER + b'- {"tenant": "q", "task": {"a": 1}}\t\n',
        HEADER.replace(b"\n", b"\r\n") + b'- {"tenant": "q", "task": {"a": 1e5}}\r\n- {"tenant": "r", "task": {}}\r\n',
        HEADER + b'- {"tenant": "q", "task": {"a":\r1}}\n',
        HEADER + b'# a comment\xc2\x85- {"tenant": "in the comment?", "task": {}}\n- {"tenant": "q", "task": {}}\n',
        b"# note\xe2\x80\xa8other: 1\n" + HEADER + b'- {"tenant": "q", "task": {}}\n',
        HEADER + b'- {"tenant": "q", "task": {}}\n  # indented comment\n\n- {"tenant": "r", "task": {}}',
    ],
    ids=["tab inside", "tab after", "crlf", "lone cr", "nel in comment", "ls in header comment", "indented comment"],
)
def test_line_breaks_and_tabs_read_as_pyyaml_reads_them(tmp_path, data):
    assert ours(tmp_path, data) == pyyaml(data)


def test_a_flow_line_keeps_its_task_text_and_parses_each_head_once(tmp_path):
    path = tmp_path / "tasks.yaml"
    lines = [f'- {{"tenant": "{t}", "task": {{"n": {n}, "s": "é"}} }}' for n, t in enumerate("abab")]
    path.write_text("tasks:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    heads: list[dict] = []
    read = flow_lines(path, lambda members: heads.append(members) or members["tenant"])
    assert heads == [{"tenant": "a"}, {"tenant": "b"}]
    assert [(found, task, text) for found, task, text, _, _ in read] == [
        (t, {"n": n, "s": "é"}, json.dumps({"n": n, "s": "é"}, ensure_ascii=False)) for n, t in enumerate("abab")
    ]


def test_a_flagged_line_is_read_by_pyyaml_and_checked_the_slow_way(tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text('tasks:\n- {"tenant": "a", "task": {"n": 1e5}}\n', encoding="utf-8")
    [(found, _, text, members, record)] = flow_lines(path, lambda members: "checked")
    assert (found, text, members, record) == (None, "", None, {"tenant": "a", "task": {"n": "1e5"}})
