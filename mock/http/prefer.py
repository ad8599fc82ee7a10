"""`Prefer` request overrides (RFC 7240), as Prism offers them: code=NNN, example=NAME, delay=MS."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mock.core.errors import InvalidRequest

_DIGITS = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class Preferences:
    code: int | None = None
    example: str | None = None
    delay_ms: int = 0

    @property
    def canned(self) -> bool:
        return self.code is not None or self.example is not None


def parse(header: str | None) -> Preferences:
    """Parse `Prefer: code=404, example=empty, delay=250`; a malformed value is a clear 400."""
    if not header:
        return Preferences()
    values: dict[str, str] = {}
    for item in header.replace(";", ",").split(","):
        key, _, value = item.partition("=")
        # RFC 7240 §2: of a preference given twice, the first one counts. Only OWS is trimmed.
        key = key.strip(" \t").lower()
        if key in ("code", "example", "delay") and key not in values:
            values[key] = value.strip(" \t").strip('"')
    if values.get("delay", "").startswith("-") and _DIGITS.fullmatch(values["delay"][1:]):
        raise InvalidRequest(f"Prefer header {header!r}: delay must not be negative")
    # ASCII digits only (int() would take " 1", "+1", "1_0" and other scripts' digits).
    if any(name in values and not _DIGITS.fullmatch(values[name]) for name in ("code", "delay")):
        raise InvalidRequest(f"Prefer header {header!r}: code and delay take whole numbers (ASCII digits)")
    code = int(values["code"]) if "code" in values else None
    delay = int(values.get("delay", "0"))
    return Preferences(code=code, example=values.get("example") or None, delay_ms=delay)


def canned_response(operation: dict, spec: dict, prefs: Preferences) -> tuple[int, Any]:
    """The documented (status, example body) that `prefs` asks for, from the operation's spec."""
    responses = operation["responses"]
    status = str(prefs.code) if prefs.code is not None else next(s for s in responses if s.startswith("2"))
    # A range such as 5XX documents each status in it (OpenAPI 3: an explicit code takes precedence).
    key = status if status in responses else f"{status[:1]}XX" if len(status) == 3 else status
    if key not in responses:
        raise InvalidRequest(f"Prefer: code={status} is not documented here; documented: {', '.join(responses)}")
    media = _deref(spec, responses[key]).get("content", {}).get("application/json", {})
    examples = {name: _deref(spec, ex).get("value") for name, ex in media.get("examples", {}).items()}
    if prefs.example is not None:
        if prefs.example not in examples:
            known = ", ".join(examples) or "none"
            raise InvalidRequest(f"Prefer: example={prefs.example} is not documented for {status}; documented: {known}")
        return int(status), examples[prefs.example]
    if examples:
        return int(status), next(iter(examples.values()))
    if "example" in media:
        return int(status), media["example"]
    raise InvalidRequest(f"Prefer: code={status} has no documented example to return")


def _deref(spec: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node
