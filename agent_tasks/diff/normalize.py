"""Reduce a dereferenced schema to what the wire sees, so equal contracts compare equal.

Documentation keywords go, spellings of "no constraint" (`nullable: false`, `required: []`,
`additionalProperties: true`) go, and `allOf` is merged into one schema: a spec that moves a
`description` next to an `allOf: [$ref]`, or splits a schema into parts, describes the same wire.
"""

from __future__ import annotations

import json
from typing import Any

# Keywords that document or tool a schema without changing what a valid message is.
# `discriminator` only helps a reader pick the branch; its mapping names components.
_IGNORED = {"description", "example", "examples", "externalDocs", "xml", "deprecated", "discriminator"}
_NO_CONSTRAINT = {"nullable": False, "readOnly": False, "writeOnly": False, "required": [],
                  "additionalProperties": True, "uniqueItems": False,
                  "exclusiveMaximum": False, "exclusiveMinimum": False}
_SMALLEST = {"maximum", "maxLength", "maxItems", "maxProperties"}
_LARGEST = {"minimum", "minLength", "minItems", "minProperties"}


def normalize(schema: Any) -> Any:
    """`schema` without documentation, no-op constraints or `allOf`, recursively."""
    if not isinstance(schema, dict) or "$recursive" in schema:
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _IGNORED or key.startswith("x-") or key == "allOf":
            continue
        if key in _NO_CONSTRAINT and value == _NO_CONSTRAINT[key] or key == "additionalProperties" and value == {}:
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: normalize(sub) for name, sub in value.items()}
        elif key in ("items", "not", "additionalProperties"):
            out[key] = normalize(value)
        elif key in ("oneOf", "anyOf") and isinstance(value, list):
            out[key] = [normalize(branch) for branch in value]
        else:
            out[key] = value
    for part in schema.get("allOf") or []:
        out = _merge(out, normalize(part))
    return out


def _merge(first: dict, second: Any) -> dict:
    """One schema that a value satisfies iff it satisfies both (as near as keywords allow)."""
    if not isinstance(second, dict):
        return first
    out = dict(first)
    for key, value in second.items():
        if key not in out:
            out[key] = value
            continue
        mine = out[key]
        if key == "properties":
            out[key] = {name: _merge(mine[name], value[name]) if name in mine and name in value
                        else mine.get(name, value.get(name)) for name in {**mine, **value}}
        elif key == "required":
            out[key] = list(dict.fromkeys([*mine, *value]))
        elif key == "enum":
            out[key] = [item for item in mine if item in value]
        elif key in _SMALLEST:
            out[key] = min(mine, value)
        elif key in _LARGEST:
            out[key] = max(mine, value)
        elif key == "items" and isinstance(mine, dict):
            out[key] = _merge(mine, value)
        elif key == "additionalProperties" and value is False:
            out[key] = False
        # Any other clash (e.g. two `type`s) keeps the first: such an allOf is unsatisfiable anyway.
    return out


def render_value(value: Any) -> str:
    """A value as it would appear in JSON, in backticks, for messages."""
    return f"`{json.dumps(value, default=str, ensure_ascii=False)}`"


def render_values(values: list) -> str:
    return ", ".join(render_value(value) for value in values)
