"""Compare two normalized schemas, recursively, in the direction the data flows.

Tightening what a request may hold breaks clients; loosening what a response may hold breaks
clients. The rule id is `<subject>-<kind>`, e.g. `request-parameter-max-decreased`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from agent_tasks.diff.normalize import render_value, render_values
from agent_tasks.diff.rules import NESTED_SUBJECT, REQUEST, SUBJECTS, Change, change


@dataclass(frozen=True)
class Place:
    """Where a schema sits: its rule subject and how to name it in a location."""

    subject: str
    prefix: str  # e.g. "GET /v2/tasks query.limit" or "GET /v2/tasks response 200"
    sep: str = " "  # between the prefix and a property path
    path: str = ""  # e.g. "data.tasks[].closed_at"

    @property
    def location(self) -> str:
        return f"{self.prefix}{self.sep}{self.path}" if self.path else self.prefix

    @property
    def direction(self) -> str:
        return SUBJECTS[self.subject]

    def child(self, name: str) -> "Place":
        return replace(self, subject=NESTED_SUBJECT[self.subject], path=f"{self.path}.{name}" if self.path else name)

    def suffix(self, text: str, *, nested: bool) -> "Place":
        subject = NESTED_SUBJECT[self.subject] if nested else self.subject
        return replace(self, subject=subject, path=self.path + text)


_WIDER_TYPES = {("integer", "number")}
_WIDER_FORMATS = {("int32", "int64"), ("float", "double")}
_BOUNDS = (("max", "maximum", "exclusiveMaximum"), ("min", "minimum", "exclusiveMinimum"),
           ("max-length", "maxLength", None), ("min-length", "minLength", None),
           ("max-items", "maxItems", None), ("min-items", "minItems", None))


def compare_schema(base: Any, head: Any, place: Place, out: list[Change]) -> None:
    """Append to `out` every client-visible difference between schemas `base` and `head`."""
    if base == head or not isinstance(base, dict) or not isinstance(head, dict):
        return
    if "$recursive" in base or "$recursive" in head:
        return  # the loop's target is compared where it is defined

    def emit(kind: str, **values: object) -> None:
        out.append(change(f"{place.subject}-{kind}", place.location, **values))

    if not _compare_type(base, head, emit):
        return  # constraints of a different type are not comparable
    if bool(base.get("nullable")) != bool(head.get("nullable")):
        emit("became-nullable" if head.get("nullable") else "became-not-nullable")
    _compare_enum(base.get("enum"), head.get("enum"), emit)
    _compare_bounds(base, head, emit)
    _compare_change("pattern", base.get("pattern"), head.get("pattern"), emit, lambda v: v)
    _compare_change("default-value", base.get("default"), head.get("default"), emit, render_value)
    _compare_object(base, head, place, out, emit)
    if isinstance(base.get("items"), dict) and isinstance(head.get("items"), dict):
        compare_schema(base["items"], head["items"], place.suffix("[]", nested=True), out)
    for key, stem in (("oneOf", "one-of"), ("anyOf", "any-of")):
        if key in base or key in head:
            _compare_branches(base.get(key) or [], head.get(key) or [], key, stem, place, out, emit)


def _type_name(schema: dict) -> str:
    kind = schema.get("type", "any")
    return f"`{kind}` (format `{schema['format']}`)" if "format" in schema else f"`{kind}`"


def _step(old: Any, new: Any, wider: set) -> str | None:
    """How `old` → `new` changes the accepted values: None (same), widens, narrows or unknown."""
    if old == new:
        return None
    if new is None or (old, new) in wider:
        return "widens"
    if old is None or (new, old) in wider:
        return "narrows"
    return "unknown"


def _compare_type(base: dict, head: dict, emit) -> bool:
    """Report a type or format change; False when the types differ outright."""
    steps = {_step(base.get("type"), head.get("type"), _WIDER_TYPES),
             _step(base.get("format"), head.get("format"), _WIDER_FORMATS)} - {None}
    if not steps:
        return True
    effect = steps.pop() if len(steps) == 1 else "unknown"
    kind = {"widens": "type-generalized", "narrows": "type-specialized", "unknown": "type-changed"}[effect]
    emit(kind, old=_type_name(base), new=_type_name(head))
    return effect != "unknown" or base.get("type") == head.get("type")


def _compare_enum(old: list | None, new: list | None, emit) -> None:
    if old is None and new is not None:
        emit("became-enum", values=render_values(new))
    elif old is not None and new is None:
        emit("became-not-enum")
    elif old is not None and new is not None:
        removed = [value for value in old if value not in new]
        added = [value for value in new if value not in old]
        if removed:
            emit("enum-value-removed", values=render_values(removed))
        if added:
            emit("enum-value-added", values=render_values(added))


def _compare_bounds(base: dict, head: dict, emit) -> None:
    for stem, key, exclusive in _BOUNDS:
        old = (base.get(key), bool(exclusive and base.get(exclusive)))
        new = (head.get(key), bool(exclusive and head.get(exclusive)))
        if old == new or old[0] is None and new[0] is None:
            continue
        if old[0] is None:
            emit(f"{stem}-set", new=_bound(new))
        elif new[0] is None:
            emit(f"{stem}-unset", old=_bound(old))
        else:
            # An exclusive bound admits less than an inclusive one at the same value.
            upper = stem.startswith("max")
            sign = -1 if upper else 1
            old_rank, new_rank = (old[0], sign * old[1]), (new[0], sign * new[1])
            tighter = new_rank < old_rank if upper else new_rank > old_rank
            emit(f"{stem}-{'decreased' if tighter == upper else 'increased'}", old=_bound(old), new=_bound(new))


def _bound(bound: tuple[Any, bool]) -> str:
    return f"{bound[0]} (exclusive)" if bound[1] else str(bound[0])


def _compare_change(stem: str, old: Any, new: Any, emit, show) -> None:
    if old == new:
        return
    if old is None:
        emit(f"{stem}-added", new=show(new))
    elif new is None:
        emit(f"{stem}-removed", old=show(old))
    else:
        emit(f"{stem}-changed", old=show(old), new=show(new))


def _hidden(schema: Any, direction: str) -> bool:
    """A property that never travels this way: readOnly ones in requests, writeOnly in responses."""
    flag = "readOnly" if direction == REQUEST else "writeOnly"
    return isinstance(schema, dict) and schema.get(flag) is True


def _compare_object(base: dict, head: dict, place: Place, out: list[Change], emit) -> None:
    old_props, new_props = base.get("properties") or {}, head.get("properties") or {}
    old_required, new_required = set(base.get("required") or ()), set(head.get("required") or ())
    request = place.direction == REQUEST
    for name in [*new_props, *(n for n in old_props if n not in new_props)]:
        child = place.child(name)
        old, new = old_props.get(name), new_props.get(name)
        if all(_hidden(schema, place.direction) for schema in (old, new) if schema is not None):
            continue
        was, now = name in old_required, name in new_required
        if new is None:
            rule = "request-property-removed" if request else f"response-{'required' if was else 'optional'}-property-removed"
        elif old is None:
            rule = f"new-{'required' if now else 'optional'}-request-property" if request \
                else f"response-{'required' if now else 'optional'}-property-added"
        else:
            rule = None
            if was != now:
                rule = f"{'request' if request else 'response'}-property-became-{'required' if now else 'optional'}"
            compare_schema(old, new, child, out)
        if rule:
            out.append(change(rule, child.location))
    old_extra, new_extra = base.get("additionalProperties", True), head.get("additionalProperties", True)
    if old_extra is not False and new_extra is False:
        emit("additional-properties-disallowed")
    elif old_extra is False and new_extra is not False:
        emit("additional-properties-allowed")
    elif isinstance(old_extra, dict) and isinstance(new_extra, dict):
        compare_schema(old_extra, new_extra, place.child("*"), out)


def _label(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "`any`"
    if schema.get("title"):
        return f"`{schema['title']}`"
    if schema.get("properties"):
        return "{" + ", ".join(schema["properties"]) + "}"
    return _type_name(schema)


def _similarity(old: dict, new: dict) -> float:
    if old.get("title") and old.get("title") == new.get("title"):
        return 2.0
    old_props, new_props = set(old.get("properties") or ()), set(new.get("properties") or ())
    if old_props or new_props:
        return len(old_props & new_props) / len(old_props | new_props)
    return 1.0 if old.get("type") == new.get("type") else 0.0


def _compare_branches(old: list, new: list, key: str, stem: str, place: Place, out: list[Change], emit) -> None:
    """Pair alternatives: identical ones first, then the most alike; the rest were added or removed."""
    old_left, new_left = list(range(len(old))), list(range(len(new)))
    pairs = []
    for i in list(old_left):
        j = next((j for j in new_left if old[i] == new[j]), None)
        if j is not None:
            old_left.remove(i), new_left.remove(j)
    scored = sorted((-_similarity(old[i], new[j]), i, j) for i in old_left for j in new_left
                    if isinstance(old[i], dict) and isinstance(new[j], dict))
    for score, i, j in scored:
        if score < 0 and i in old_left and j in new_left:
            pairs.append((i, j))
            old_left.remove(i), new_left.remove(j)
    for i, j in sorted(pairs, key=lambda pair: pair[1]):
        compare_schema(old[i], new[j], place.suffix(f"{key}[{j}]", nested=False), out)
    for i in old_left:
        emit(f"{stem}-removed", branch=_label(old[i]))
    for j in new_left:
        emit(f"{stem}-added", branch=_label(new[j]))
