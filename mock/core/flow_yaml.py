"""Flow-layout tasks.yaml: JSON record lines that YAML 1.1 reads exactly as JSON does, and the rest.

Big generated worlds write tasks.yaml as comments, `tasks:`, then one record a line in JSON flow style
(`- {"tenant": ..., "task": {...}}`). Such a line is YAML, but PyYAML spends seconds a megabyte
on it while orjson reads it a hundred times faster. JSON and YAML 1.1 read the same text alike
except for a few spellings, which `yaml_may_differ` finds; those lines (rare) are read by PyYAML
one by one. Anything that is not this layout goes to PyYAML whole, decided before any record is
used, so the file always means what PyYAML says it means (tests/cli/test_big_worlds.py).
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any, Callable

import orjson
import yaml

from mock.core import jsonl

# The whole file is translated once and searched at C speed; only lines with a hit are looked at.
# Every digit becomes "0", "E" "e", "+" "-" (the number checks); DEL (which YAML refuses) and the
# backslash (escapes, checked apart) become NUL; every non-ASCII byte becomes \x01 (checked apart).
_SHAPE = bytes.maketrans(
    b"123456789E+\x7f\\" + bytes(range(0x80, 0x100)), b"000000000e-\x00\x00" + b"\x01" * 0x80
)
_LONG_RUN = b"0" * 19  # an integer orjson would round (as wire.might_lose_digits), YAML reads exactly
# The end of a number with an exponent: "e", its sign if any, digits, then what may follow a JSON
# number. Hex ids ("3e4f", "7e2-") fail at the character after their digits.
_EXPONENT = re.compile(rb"0e(-?)0+[,}\] \t\r\n]")
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")  # JSON joins an escaped pair; libyaml refuses it
# Characters YAML refuses (C1 controls, BOM, U+FFFE/F) or reads as line breaks inside a quoted
# string (NEL, LS, PS: folded, with the spaces around them), as UTF-8.
_NOT_JSON_ALIKE = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbb\xbf|\xef\xbf[\xbe\xbf]")
# YAML refuses a mapping key that spans over 1024 characters. Such a key holds a stretch of 1000
# bytes without a quote, unless it has escaped quotes; then _LONG_KEY finds it (a repetition
# takes at most 2 bytes, so 500 of them are any string of 1000 bytes or more, and some shorter).
_WINDOW = 500  # a 1000-byte stretch covers a whole window: one memchr a window finds it
_LONG_KEY = re.compile(rb'"(?:[^"\\]|\\.){500,}"[ ]*:')
_BREAK = re.compile(rb"\xc2\x85|\xe2\x80[\xa8\xa9]")  # NEL, LS, PS: line breaks to YAML 1.1
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TASK_KEY = b'"task":'


def yaml_may_differ(text: bytes) -> bool:
    """Whether YAML 1.1 might read the JSON `text` otherwise than JSON: a number with an exponent that
    YAML 1.1 reads as a string (its floats need a dot and a signed exponent: `1.0e-05` is a float,
    `1e5`, `1e-05` and `1.0e5` are strings), an integer of 19+ digits, an escaped surrogate, a
    character YAML refuses or folds, a very long key. A false alarm only costs a slower read.
    """
    return bool(_suspect_lines(text, 0))


def _suspect_lines(data: bytes, begin: int) -> set[int]:
    """The start offsets of the lines of `data[begin:]` that yaml_may_differ would flag, found file-wide."""
    shape = data.translate(_SHAPE)
    found: set[int] = set()
    at = shape.find(_LONG_RUN, begin)
    while at >= 0:
        found.add(_line_start(data, at))
        at = shape.find(_LONG_RUN, _line_end(data, at))
    for number in _EXPONENT.finditer(shape, begin):
        if _is_yaml_string(shape, number.start(), signed=bool(number.group(1))):
            found.add(_line_start(data, number.start()))
    at = shape.find(b"\x00", begin)  # DEL or a backslash (or NUL, which JSON refuses)
    while at >= 0:
        start, end = _line_start(data, at), _line_end(data, at)
        if data.find(b"\x7f", start, end) >= 0 or _SURROGATE.search(data, start, end) or _LONG_KEY.search(data, start, end):
            found.add(start)
        at = shape.find(b"\x00", end)
    for window in range(begin, len(data) - _WINDOW + 1, _WINDOW):
        if data.find(b'"', window, window + _WINDOW) < 0:  # a quote-free stretch: a long key? (or string, or array)
            found.update((_line_start(data, window), _line_start(data, window + _WINDOW - 1)))
    at = -1 if data.isascii() else shape.find(b"\x01", begin)
    while at >= 0:
        start, end = _line_start(data, at), _line_end(data, at)
        if _NOT_JSON_ALIKE.search(data, start, end):
            found.add(start)
        at = shape.find(b"\x01", end)
    return found


def _line_start(data: bytes, at: int) -> int:
    return data.rfind(b"\n", 0, at) + 1


def _line_end(data: bytes, at: int) -> int:
    """The offset just past the line holding `at` (its newline included), or the end of `data`."""
    end = data.find(b"\n", at)
    return len(data) if end < 0 else end + 1


def _is_yaml_string(shape: bytes, at: int, *, signed: bool) -> bool:
    """Whether the digits ending at `at` (before an exponent) start a JSON number YAML reads as a string."""
    start = at
    while start > 0 and shape[start - 1] == 0x30:  # "0": the digits just before the exponent
        start -= 1
    dotted = start > 0 and shape[start - 1] == 0x2E  # "."
    if dotted:
        start -= 1
        while start > 0 and shape[start - 1] == 0x30:
            start -= 1
    if start > 0 and shape[start - 1] == 0x2D:  # "-"
        start -= 1
    while start > 0 and shape[start - 1] in b" \t\r\n":
        start -= 1
    # A number follows ":", "," or "["; elsewhere the digits are inside a string, where JSON and YAML agree.
    return start > 0 and shape[start - 1] in b":,[" and not (dotted and signed)


def flow_lines(path: Path, context: Callable[[dict], Any]) -> list[tuple[Any, Any, str, dict | None, Any]] | None:
    """(context, task, task text, head members, record) of each record of a flow-layout tasks.yaml, or None.

    The layout: comments and blank lines, then `tasks:`, then only lines `- {...}` (and comments or
    blank lines). A record line that orjson refuses (e.g. YAML flow syntax), a tab or a lone
    carriage return makes the whole file None. As in jsonl.task_lines, a line `{<head>"task":
    <task>}` is split, its head members parsed and given to `context` once per distinct text, and
    its task text kept; then record is None. A line that is not split, or that YAML could read
    otherwise (read by PyYAML then), gives context None, members None and the record.
    """
    data = Path(path).read_bytes()
    pos = _records_start(data)
    if pos < 0:
        return None
    suspects = _suspect_lines(data, pos)
    view = memoryview(data)
    # Tabs (YAML allows them in fewer places than JSON) and carriage returns other than CRLF's:
    # only then does each line need looking at for them.
    careful = data.find(b"\t", pos) >= 0 or data.count(b"\r", pos) != data.count(b"\r\n", pos)
    heads: dict[bytes, tuple[dict | None, Any]] = {}
    out: list[tuple[Any, Any, str, dict | None, Any]] = []
    size = len(data)
    collecting = gc.isenabled()
    # The records pile up here (JSON: no reference cycles), and every pass of the cyclic collector
    # would walk them all again: that was half the read's time.
    gc.disable()
    try:
        while pos < size:
            start, end = pos, data.find(b"\n", pos)
            if end < 0:
                end = size
            pos = end + 1
            while end > start and data[end - 1] in b" \r":
                end -= 1
            if end == start:
                continue
            if data[start] == 0x23:  # "#"
                if _bad_comment(data[start:end]):
                    return None
                continue
            if data[end - 1] != 0x7D or not data.startswith(b"- {", start, end):  # "}"
                return None
            if careful and (data.find(b"\t", start, end) >= 0 or data.find(b"\r", start, end) >= 0):
                return None
            if start in suspects:  # YAML could read it otherwise: PyYAML reads this line, if it is JSON
                text = data[start + 2 : end]
                orjson.loads(text)
                out.append((None, None, "", None, yaml.load(text, Loader=_LOADER)))
                continue
            parts = _split(data, view, start, end)
            if parts is not None:
                head, task, task_text = parts
                try:
                    members, found = heads[head]
                except KeyError:
                    members = _head_members(head)
                    found = None if members is None else context(members)
                    heads[head] = members, found
                if members is not None:
                    out.append((found, task, task_text, members, None))
                    continue
            out.append((None, None, "", None, orjson.loads(view[start + 2 : end])))
    except (orjson.JSONDecodeError, yaml.YAMLError, UnicodeDecodeError):
        return None  # PyYAML reads the whole file and names the line if it is broken
    finally:
        if collecting:
            gc.enable()
    return out if out else None


def _split(data: bytes, view: memoryview, start: int, end: int) -> tuple[bytes, Any, str] | None:
    """(head, task, task text) of the line `- {<head>"task": <task>}` at data[start:end], as jsonl.split.

    The caller checks the head (_head_members); the task text parses to one value or not at all.
    """
    at = data.find(_TASK_KEY, start, end)
    if at < 0:
        return None
    text = str(view[at + len(_TASK_KEY) : end - 1], "utf-8").strip(" ")
    try:
        return data[start + 2 : at], orjson.loads(text), text
    except orjson.JSONDecodeError:
        return None


def _records_start(data: bytes) -> int:
    """The offset just past a line `tasks:` preceded only by comments and blank lines, or -1."""
    pos = 0
    while pos < len(data):
        end = _line_end(data, pos)
        line = data[pos:end].rstrip(b" \r\n")
        if line == b"tasks:":
            return end
        if line and (line[0] != 0x23 or _bad_comment(line)):
            return -1
        pos = end
    return -1


def _bad_comment(line: bytes) -> bool:
    """Whether YAML sees a line break inside the comment `line` (Python splits lines at \\n only)."""
    return b"\r" in line or not line.isascii() and _BREAK.search(line) is not None


def _head_members(head: bytes) -> dict | None:
    """The members of a head `{..., ` read strictly as JSON (orjson: no NaN), or None."""
    return jsonl.head_members(head.decode(), loads=orjson.loads)
