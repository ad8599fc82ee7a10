"""Progress bars for long work (generating and loading big worlds), drawn by rich on a terminal only.

Library code wraps its loops in `track(...)` or `bar(...)`; both cost nothing unless a command
turned bars on with `shown()`, the output is a terminal, and the work is big enough (MIN_ITEMS
records or MIN_BYTES of a file) to be worth a bar. So tests, pipes and CI logs see no bar, and a
developer starting the built-in world sees none either; a 20,000-task world shows one per API.
"""

from __future__ import annotations

import contextlib
import sys
from typing import IO, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

MIN_ITEMS = 5_000
"""Fewer records than this finish before a bar is worth drawing."""
MIN_BYTES = 4 * 1024 * 1024
"""A task file smaller than this loads in well under a second."""

_current = None  # the rich Progress of the innermost `shown()` block, or None


@contextlib.contextmanager
def shown(stream: IO[str] | None = None) -> Iterator[None]:
    """Within the block, `track` and `bar` draw on `stream` (stderr) if it is a terminal."""
    global _current
    stream = stream or sys.stderr
    if _current is not None or not stream.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=stream), transient=False) as progress:
        _current = progress
        try:
            yield
        finally:
            _current = None


def track(items: Iterable[T], *, total: int, description: str) -> Iterable[T]:
    """`items`, advancing a bar of `total` steps as they are consumed (unchanged when no bar is due)."""
    if _current is None or total < MIN_ITEMS:
        return items
    return _current.track(items, total=total, description=description)


@contextlib.contextmanager
def bar(description: str, *, total: int, unit_minimum: int = MIN_BYTES) -> Iterator[Callable[[int], None]]:
    """`advance(n)` for a bar of `total` steps (e.g. bytes of a file); a no-op below `unit_minimum`."""
    if _current is None or total < unit_minimum:
        yield lambda n: None
        return
    progress = _current
    task = progress.add_task(description, total=total)
    yield lambda n: progress.advance(task, n)
    progress.update(task, completed=total)
