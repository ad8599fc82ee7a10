"""JSON for the store and the wire: orjson where it can, the json module where it cannot.

A list page decodes every stored task and encodes the page again; orjson does both several times
faster than the json module, which was most of the fast path's time. orjson refuses what JSON's
grammar allows but 64-bit numbers cannot hold (json reads and writes any integer) and non-string
keys: those values go through the json module, so nothing valid is ever an error here.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["loads", "dumps", "JsonModule"]


def loads(text: str | bytes) -> Any:
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
