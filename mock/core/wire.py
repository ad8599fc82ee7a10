"""JSON for the store and the wire: orjson where it can, the json module where it cannot.

A list page decodes every stored task and encodes the page again; orjson does both several times
faster than the json module, which was most of the fast path's time. orjson reads an integer
beyond 64 bits as a float and refuses to write one, and refuses non-string keys; json reads and
writes them exactly, so those values go through the json module.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["loads", "dumps", "might_lose_digits", "JsonModule"]

_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * 19


def might_lose_digits(text: str | bytes) -> bool:
    """Whether `text` may hold an integer beyond 64 bits, which orjson would read as a float.

    Every such integer has at least 19 digits in a row; a false alarm (a long digit string inside
    a string, a big 64-bit integer) only costs a parse by the json module. Mapping every digit to
    "0" and looking for 19 of them is ~1 us for a task; a regular expression took 5.
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return _LONG_RUN in data.translate(_DIGITS_AS_ZERO)


def loads(text: str | bytes) -> Any:
    if might_lose_digits(text):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON (no spaces, non-ASCII kept as is)."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class JsonModule:
    """The `json_` of Connexion's Jsonifier: the same bytes as `dumps`, so both paths of the mock agree."""

    @staticmethod
    def dumps(data: Any, **kwargs: Any) -> str:
        try:
            return orjson.dumps(data).decode()
        except orjson.JSONEncodeError:
            # Connexion's own encoder (kwargs["cls"]) for anything else it knows how to write.
            return json.dumps(data, **{**kwargs, "ensure_ascii": False, "separators": (",", ":")})

    loads = staticmethod(loads)
