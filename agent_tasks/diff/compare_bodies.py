"""Compare an operation's request body and responses: media types, statuses, headers, schemas."""

from __future__ import annotations

from typing import Any

from agent_tasks.diff.compare_schemas import Place, compare_schema
from agent_tasks.diff.normalize import normalize
from agent_tasks.diff.rules import Change, change

_DEFAULT_MEDIA = "application/json"  # left out of locations: it is nearly every body


def _content(holder: dict) -> dict[str, Any]:
    return {str(media).lower(): value or {} for media, value in (holder.get("content") or {}).items()}


def _media_place(subject: str, location: str, media: str) -> Place:
    return Place(subject, location if media == _DEFAULT_MEDIA else f"{location} {media}")


def compare_request_body(old_op: dict, new_op: dict, operation: str, out: list[Change]) -> None:
    """Append the differences between two operations' request bodies to `out`."""
    old, new = old_op.get("requestBody"), new_op.get("requestBody")
    location = f"{operation} request body"
    if old is None and new is None:
        return
    if old is None:
        out.append(change("request-body-added-" + ("required" if new.get("required") else "optional"), location))
        return
    if new is None:
        out.append(change("request-body-removed", location))
        return
    if bool(old.get("required")) != bool(new.get("required")):
        out.append(change("request-body-became-" + ("required" if new.get("required") else "optional"), location))
    old_content, new_content = _content(old), _content(new)
    for media in sorted(old_content.keys() - new_content.keys()):
        out.append(change("request-body-media-type-removed", location, media=media))
    for media in sorted(new_content.keys() - old_content.keys()):
        out.append(change("request-body-media-type-added", location, media=media))
    for media in new_content.keys() & old_content.keys():
        compare_schema(normalize(old_content[media].get("schema")), normalize(new_content[media].get("schema")),
                       _media_place("request-body", location, media), out)


def _statuses(operation: dict) -> dict[str, dict]:
    # YAML reads an unquoted 200 as an int; `2xx` and `2XX` are the same range.
    return {str(status).upper(): response or {} for status, response in (operation.get("responses") or {}).items()}


def compare_responses(old_op: dict, new_op: dict, operation: str, out: list[Change]) -> None:
    """Append the differences between two operations' responses to `out`."""
    old, new = _statuses(old_op), _statuses(new_op)
    for status in [*new, *(s for s in old if s not in new)]:
        location = f"{operation} response {status}"
        kind = "success" if status.startswith("2") else "non-success"
        if status not in new:
            out.append(change(f"response-{kind}-status-removed", location, status=status))
        elif status not in old:
            out.append(change(f"response-{kind}-status-added", location, status=status))
        else:
            _compare_response(old[status], new[status], location, out)


def _compare_response(old: dict, new: dict, location: str, out: list[Change]) -> None:
    old_content, new_content = _content(old), _content(new)
    for media in sorted(old_content.keys() - new_content.keys()):
        out.append(change("response-media-type-removed", location, media=media))
    for media in sorted(new_content.keys() - old_content.keys()):
        out.append(change("response-media-type-added", location, media=media))
    for media in new_content.keys() & old_content.keys():
        compare_schema(normalize(old_content[media].get("schema")), normalize(new_content[media].get("schema")),
                       _media_place("response-body", location, media), out)
    _compare_headers(old.get("headers") or {}, new.get("headers") or {}, location, out)


def _compare_headers(old: dict, new: dict, location: str, out: list[Change]) -> None:
    # Header names are case-insensitive on the wire.
    old_by_key = {str(name).lower(): (name, header or {}) for name, header in old.items()}
    new_by_key = {str(name).lower(): (name, header or {}) for name, header in new.items()}
    for key in [*new_by_key, *(k for k in old_by_key if k not in new_by_key)]:
        name, header = new_by_key.get(key) or old_by_key[key]
        here = f"{location} header {name}"
        if key not in new_by_key:
            required = "required" if header.get("required") else "optional"
            out.append(change(f"{required}-response-header-removed", here))
        elif key not in old_by_key:
            out.append(change("response-header-added", here))
        else:
            was = old_by_key[key][1]
            if bool(was.get("required")) != bool(header.get("required")):
                out.append(change("response-header-became-" + ("required" if header.get("required") else "optional"), here))
            compare_schema(normalize(was.get("schema")), normalize(header.get("schema")), Place("response-header", here), out)
