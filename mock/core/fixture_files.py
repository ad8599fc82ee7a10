"""The files of a fixtures folder, shared by every API's loader: one task file, YAML read safely.

Big generated worlds write tasks.yaml with one record a line in JSON flow style
(`- {"tenant": ..., "task": {...}}`, see FLOW_ABOVE). That is plain YAML, but PyYAML (even with
libyaml) spends seconds a megabyte building Python objects from it, while a JSON parser reads the
same line a hundred times faster. `yaml_task_records` therefore reads a file laid out exactly so
with orjson, line by line, and gives every other file (hand-written, block style, anything
unusual) to PyYAML whole, so both readings always agree (tests/cli/test_big_worlds.py).
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

import orjson
import yaml

from agent_tasks.specs import YamlFileError, read_yaml
from mock.core import progress
from mock.core.errors import FixtureError

TASK_FILES = ("tasks.yaml", "tasks.jsonl")
"""YAML for hand-written worlds, JSON lines for big generated ones."""

FLOW_ABOVE = 2000
"""`fixtures generate` writes tasks.yaml in block style up to this many tasks per API (readable, like
the built-in world) and one JSON flow record a line above it (read ~50x faster, see above)."""

# Where YAML 1.1 and JSON read the same text differently: a number with an exponent (YAML 1.1 wants
# a dot and a signed exponent, else it is a string) and characters YAML does not allow in a file.
_SHAPE = bytes.maketrans(b"123456789E", b"000000000e")
_LONG_RUN = b"0" * 19  # as in wire.might_lose_digits
_NOT_YAML = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def tasks_file(fixtures_dir: Path) -> Path:
    """The one task file of `fixtures_dir` (tasks.yaml or tasks.jsonl; both or neither is a FixtureError)."""
    found = [Path(fixtures_dir) / name for name in TASK_FILES if (Path(fixtures_dir) / name).is_file()]
    if len(found) != 1:
        problem = "both exist; keep one" if found else "neither exists"
        where = str(Path(fixtures_dir) / "tasks.{yaml,jsonl}")
        raise FixtureError(where, "-", "-", f"expected exactly one of {', '.join(TASK_FILES)}: {problem}")
    return found[0]


def load_yaml(path: Path) -> Any:
    """A fixture YAML file, or a FixtureError naming its file, line and column."""
    try:
        return read_yaml(path)
    except YamlFileError as exc:
        raise FixtureError(str(path), "-", "-", f"not valid YAML: {exc}") from None


def yaml_task_records(path: Path) -> Iterable[Any]:
    """The records under `tasks:` of a tasks.yaml file, in file order."""
    records = flow_records(path)
    if records is not None:
        return progress.track(records, total=len(records), description=f"{path.parent.name}: loading tasks")
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise FixtureError(str(path), "-", "tasks", "must be a mapping with a list under 'tasks'")
    return data["tasks"]


def flow_records(path: Path) -> list[Any] | None:
    """The records of a tasks.yaml laid out one JSON record a line, or None for any other layout.

    The layout: comments and blank lines, then `tasks:`, then only lines `- {...}` (and comments or
    blank lines). A record line that orjson refuses (e.g. YAML flow syntax without quotes) makes it
    None; a line where JSON and YAML could disagree is read by PyYAML, which is exact for one line.
    """
    with open(path, "rb") as fh:
        if not _skip_to_tasks_key(fh):
            return None
        records = []
        for raw in fh:
            line = raw.rstrip(b" \t\r\n")
            if not line or line.startswith(b"#"):
                continue
            if not (line.startswith(b"- {") and line.endswith(b"}")):
                return None
            text = line[2:]
            try:
                record = orjson.loads(text)
                if _yaml_may_differ(text):
                    record = yaml.load(text, Loader=_LOADER)
            except (orjson.JSONDecodeError, yaml.YAMLError, UnicodeDecodeError):
                return None  # PyYAML reads the whole file and names the line if it is broken
            records.append(record)
    return records if records else None


def _yaml_may_differ(text: bytes) -> bool:
    """Whether YAML 1.1 might read the JSON `text` differently: a number with an exponent, an integer
    orjson would round (19+ digits), a character YAML refuses. False alarms only cost a slower read."""
    shape = text.translate(_SHAPE)  # every digit "0", every "E" "e": one scan finds both cases
    if _LONG_RUN in shape:
        return True
    at = shape.find(b"0e")
    while at >= 0:  # a digit then e: a number's exponent if the number follows `:`, `,` or `[`
        start = at
        while start > 0 and shape[start - 1] in b"0.-":
            start -= 1
        while start > 0 and shape[start - 1] in b" \t":
            start -= 1
        if start > 0 and shape[start - 1] in b":,[":
            return True
        at = shape.find(b"0e", at + 2)
    return not text.isascii() and _NOT_YAML.search(text.decode("utf-8")) is not None


def _skip_to_tasks_key(fh: IO[bytes]) -> bool:
    """Read past leading comments and blank lines to `tasks:`; False if something else comes first."""
    for raw in fh:
        line = raw.rstrip(b" \t\r\n")
        if line == b"tasks:":
            return True
        if line and not line.startswith(b"#"):
            return False
    return False


def flow_task_file(header: str, json_lines: Iterator[str]) -> Iterator[str]:
    """The text of a flow-layout tasks.yaml: `header` (comments), `tasks:`, then `- <line>` per record."""
    yield header
    yield "# One record a line in JSON flow style (still YAML): a big world loads in a fraction of the time.\n"
    yield "tasks:\n"
    for line in json_lines:
        line = line.rstrip("\n")
        if _yaml_may_differ(line.encode()):  # e.g. 9e-05, which YAML 1.1 reads as a string
            line = _yaml_json(orjson.loads(line))
        yield f"- {line}\n"


def _yaml_json(value: Any) -> str:
    """JSON text of `value` whose floats YAML 1.1 reads as floats too (`9.0e-05`, not `9e-05`)."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{_yaml_json(k)}:{_yaml_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(map(_yaml_json, value)) + "]"
    if isinstance(value, float) and "e" in repr(value):
        mantissa, _, exponent = repr(value).partition("e")
        return f"{mantissa if '.' in mantissa else mantissa + '.0'}e{exponent if exponent[0] in '+-' else '+' + exponent}"
    return json.dumps(value, ensure_ascii=False)


@contextmanager
def written_atomically(target: Path, mode: str = "w") -> Iterator[IO]:
    """A file handle whose content replaces `target` only when the block ends without an exception.

    An interrupted `fixtures generate` (Ctrl-C) leaves the previous file or none, never half a world.
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")  # open() keeps the umask's mode
    try:
        with open(partial, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n") as fh:
            yield fh
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
