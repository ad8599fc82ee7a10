"""Stream a tasks.jsonl file cheaply: each line's task is parsed once and its JSON text kept as its wire form.

A record line is `{<other members>, "task": {...}}`. The other members (tenant, agent, protocol)
repeat across a world, so they are parsed and checked once per distinct text; the task's own text
parses to the task, so it can be stored as is instead of being serialised again. A million-task
world spends most of its load in these two steps, so both matter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import orjson

from mock.core import progress, wire
from mock.core.errors import FixtureError

T = TypeVar("T")

_TASK_KEY = '"task":'
_WHITESPACE = " \t\r\n"  # JSON's (str.strip() alone would also drop e.g. a form feed, which JSON refuses)
_SPACE = re.compile(f"[{_WHITESPACE}]*")
_HEADS_KEPT = 4096  # distinct head texts remembered; a generated world has one per tenant and protocol


def split(line: str) -> tuple[str, Any, str] | None:
    """(head, task, task text) of a line `<head>"task": <task>}`, or None when it is not that simple.

    The caller must also check that the head is the start of an object `{members,` (head_members):
    the found `"task":` is then a key of the record itself, and the tail check makes it the last one,
    so the line means exactly {**head members, "task": task}.
    """
    at = line.find(_TASK_KEY)
    if at < 0:
        return None
    body = line.rstrip(_WHITESPACE)
    if not body.endswith("}"):
        return None
    # orjson parses ~4x faster than json; it accepts exactly one value, so a parse proves that
    # `text` is the whole task and the record's closing brace follows it. What orjson refuses
    # (NaN, lone surrogates) or would read inexactly (integers beyond 64 bits) goes the slow way,
    # through json.
    text = body[_SPACE.match(line, at + len(_TASK_KEY)).end() : -1].rstrip(_WHITESPACE)
    if wire.might_lose_digits(text):  # orjson would read a huge integer as a float
        return None
    try:
        task = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return line[:at], task, text


def head_members(head: str, loads: Callable[[str], Any] = json.loads) -> dict | None:
    """The members of a head `{..., ` (without "task"), or None if it is not the start of an object.

    `loads` reads them: the json module for jsonl (its reading of the file), orjson for YAML flow
    lines, which must be strict JSON (json would read NaN, which YAML reads as a string).
    """
    text = head.rstrip(_WHITESPACE)  # JSON's only: str.rstrip() would also drop e.g. U+3000, which JSON refuses
    if text.endswith(","):
        text = text[:-1] + "}"
    elif text.strip(_WHITESPACE) == "{":
        text = "{}"
    else:
        return None
    try:
        members = loads(text)
    except json.JSONDecodeError:  # orjson's error is one too
        return None
    # A "task" member here would be overridden by the later one: leave that to the full parse.
    return members if isinstance(members, dict) and "task" not in members else None


def task_lines(path: Path, context: Callable[[dict], T | None]) -> Iterator[tuple[int, str, T | None, Any, str]]:
    """(line number, line, context, task, task text) of each line of a jsonl file, streamed.

    `context(head members)` checks a record's members other than the task, once per distinct text,
    and returns what the task's check needs, or None. A None context means "check this line the
    slow way" (a blank, malformed or unusually written line); task and text are then meaningless.
    """
    heads: dict[str, T | None] = {}
    description = f"{Path(path).parent.name}: loading tasks"
    with open(path, encoding="utf-8") as fh, progress.bar(description, total=Path(path).stat().st_size) as advance:
        done = 0
        for number, line in enumerate(fh, start=1):
            done += len(line)
            if number % 4096 == 0:  # a bar's update costs more than a line's split
                advance(done)
                done = 0
            parts = split(line)
            if parts is None:
                yield number, line, None, None, ""
                continue
            head, task, text = parts
            try:
                found = heads[head]
            except KeyError:
                members = head_members(head)
                found = None if members is None else context(members)
                if len(heads) < _HEADS_KEPT:
                    heads[head] = found
            yield number, line, found, task, text


def parse_line(path: Path, number: int, line: str) -> Any:
    """One jsonl line as JSON; a FixtureError naming the file and the line if it is not JSON."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise FixtureError(str(path), str(number), "<root>", f"not a JSON record: {exc}") from None
