"""One reader for every layout of a task file, so each API's loader has one loop.

A task file is tasks.jsonl (one JSON record a line), a flow-layout tasks.yaml (one JSON record a
line under `tasks:`, see flow_yaml) or any other tasks.yaml (read whole by PyYAML). Each record
comes out as an `Item`. For a line `{<head>"task": <task>}` the head is parsed and checked by the
loader's `context` once per distinct text (a world has one head per tenant and agent, not one per
task) and the task's JSON text comes along, to be stored as is instead of being serialised again:
a big world spends most of its load on those two steps. Whatever is not that simple, or fails the
loader's quick check, is checked the slow way on `record_of(item)`, which names the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from mock.core import progress
from mock.core.errors import FixtureError
from mock.core.fixture_files import load_yaml
from mock.core.flow_yaml import flow_lines
from mock.core.jsonl import parse_line, task_lines


class Item(NamedTuple):
    """One record of a task file."""

    number: int
    """What an error names it by: its line in tasks.jsonl, its 1-based place in the list of tasks.yaml."""
    head: Any
    """`context(members other than task)`, or None: check `record_of(item)` the slow way."""
    task: Any
    """The task, when `head` is not None."""
    text: str = ""
    """The task's JSON text, to store as is; "" when it must be serialised."""
    members: dict | None = None
    """The record's other members as parsed, when the record is those plus the task."""
    record: Any = None
    """The whole record, when the reader has it and `members` is None."""
    line: str | None = None
    """A jsonl line, parsed (json module, errors named by line) only when the record is needed."""


_item = tuple.__new__  # an Item from a full tuple: Item(...) runs a Python-level __new__, ~1 us a record


def task_items(
    path: Path, context: Callable[[dict], Any], *, skip_blank: bool = False, block: Callable[[Path], list] | None = None
) -> Iterator[Item]:
    """The records of a tasks.yaml or tasks.jsonl file as Items, in file order.

    Blank jsonl lines come out (as records to check the slow way) unless `skip_blank`. `block`
    reads a tasks.yaml that is not flow layout (default: block_records). A YAML file is decided to
    be flow layout or not, and every flow line read, before the first Item comes out: a loader
    never inserts part of a file that PyYAML then reads otherwise.
    """
    path = Path(path)
    if path.suffix == ".jsonl":
        for number, line, head, task, text in task_lines(path, context):
            if head is None and skip_blank and not line.strip():
                continue
            yield _item(Item, (number, head, task, text, None, None, line))
        return
    flow = flow_lines(path, context)
    if flow is not None:
        total = len(flow)
        tracked = progress.track(_drained(flow), total=total, description=f"{path.parent.name}: loading tasks")
        for number, (head, task, text, members, record) in enumerate(tracked, start=1):
            yield _item(Item, (number, head, task, text, members, record, None))
        return
    for number, record in enumerate((block or block_records)(path), start=1):
        members = record if isinstance(record, dict) else None
        head = None if members is None else context({k: v for k, v in members.items() if k != "task"})
        yield Item(number, head, None if head is None else members.get("task"), record=record)


def _drained(records: list) -> Iterator[Any]:
    """The items of `records` in order, each let go once taken: a big world is not held twice over."""
    records.reverse()
    while records:
        yield records.pop()


def block_records(path: Path) -> list[Any]:
    """The list under `tasks:` of a tasks.yaml read whole by PyYAML (the loaders' own YAML loader)."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise FixtureError(str(path), "-", "tasks", "must be a mapping with a list under 'tasks'")
    return data["tasks"]


def record_of(path: Path, item: Item) -> Any:
    """The whole record of `item`; a jsonl line that is not JSON is a FixtureError naming its line."""
    if item.line is not None:
        return parse_line(path, item.number, item.line)
    if item.members is not None:
        return {**item.members, "task": item.task}
    return item.record


def yaml_records(path: Path) -> list[Any]:
    """Every record of a tasks.yaml as PyYAML reads it (flow layout read fast), in file order."""
    flow = flow_lines(path, lambda members: None)
    return [record_of(path, Item(0, *line)) for line in flow] if flow is not None else block_records(path)

