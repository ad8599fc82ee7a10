"""Write each spec as one file, Redocly-style: components stay named, other files are inlined."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

from agent_tasks.specs import read_yaml

# A $ref target: an absolute file and a JSON pointer inside it ("" = the whole file).
_Target = tuple[Path, str]


def _pointer(document: Any, pointer: str, ref: str) -> Any:
    node = document
    try:
        for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/") if p]:
            node = node[int(part)] if isinstance(node, list) else node[part]
    except (KeyError, IndexError, TypeError, ValueError):
        raise ValueError(f"$ref {ref!r} points at nothing") from None
    return node


def _target(ref: str, base: Path) -> _Target:
    file_part, _, pointer = ref.partition("#")
    return (base.parent / file_part).resolve(), pointer


def _component_refs(root: Mapping, root_path: Path) -> dict[_Target, str]:
    """Map the file of each `components` entry that is a file $ref to that entry's internal $ref."""
    refs = {}
    for kind, entries in (root.get("components") or {}).items():
        for name, entry in (entries or {}).items():
            ref = entry.get("$ref") if isinstance(entry, dict) else None
            if isinstance(ref, str) and not ref.startswith("#"):
                escaped = name.replace("~", "~0").replace("/", "~1")
                refs[_target(ref, root_path)] = f"#/components/{kind}/{escaped}"
    return refs


def dereference(spec: Mapping) -> dict:
    """A copy of `spec` with every internal `#/...` $ref replaced by its target (cycles are an error)."""

    def resolve(node: Any, trail: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                if ref in trail:
                    raise ValueError(f"cannot dereference the recursive $ref {' -> '.join((*trail, ref))}")
                return resolve(_pointer(spec, ref[1:], ref), (*trail, ref))
            return {key: resolve(value, trail) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value, trail) for value in node]
        return node

    return resolve(spec, ())


def bundle(spec_path: Path, *, dereferenced: bool = False) -> dict:
    """The split spec at `spec_path` as one document.

    A file registered under the root's `components` becomes an internal `#/components/...` $ref
    (so schemas keep their names in docs and the bundle stays small); any other file $ref is
    inlined. With `dereferenced`, the internal refs are inlined too.
    """
    root_path = Path(spec_path).resolve()
    root = read_yaml(root_path)
    components = _component_refs(root, root_path)

    def inline(target: _Target, ref: str, trail: tuple[_Target, ...]) -> Any:
        if target in trail:
            raise ValueError(f"circular $ref {ref!r} in {trail[-1][0]}")
        return resolve(_pointer(read_yaml(target[0]), target[1], ref), target[0], (*trail, target))

    def resolve(node: Any, base: Path, trail: tuple[_Target, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                target = _target(ref, base)
                return {"$ref": components[target]} if target in components else inline(target, ref, trail)
            return {key: resolve(value, base, trail) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value, base, trail) for value in node]
        return node

    def component(entry: Any) -> Any:
        # A component's own entry is the one place its file is inlined.
        ref = entry.get("$ref") if isinstance(entry, dict) else None
        if isinstance(ref, str) and not ref.startswith("#"):
            return inline(_target(ref, root_path), ref, ())
        return resolve(entry, root_path, ())

    spec = {key: resolve(value, root_path, ()) for key, value in root.items() if key != "components"}
    if "components" in root:
        spec["components"] = {
            kind: {name: component(entry) for name, entry in (entries or {}).items()}
            for kind, entries in root["components"].items()
        }
    return _without_named_components(dereference(spec)) if dereferenced else spec


def _without_named_components(spec: dict) -> dict:
    """A dereferenced spec without the components nothing can reference any more (every $ref is
    inlined), like Redocly's `--remove-unused-components`; security schemes are used by name, so stay.
    `agent-tasks lint` (rule no-unused-components) then accepts the file."""
    kept = {kind: entries for kind, entries in (spec.get("components") or {}).items() if kind == "securitySchemes"}
    spec = {key: value for key, value in spec.items() if key != "components"}
    return {**spec, "components": kept} if kept else spec


def _json_default(value: Any) -> str:
    # PyYAML reads unquoted timestamps as datetimes; JSON has only their ISO 8601 text.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def to_json(value: Any, **kwargs: Any) -> str:
    """`json.dumps` that also writes YAML-parsed dates and timestamps (as ISO 8601)."""
    return json.dumps(value, ensure_ascii=False, default=_json_default, **kwargs)


class _NoAliasDumper(yaml.SafeDumper):
    # A dereferenced spec repeats objects; anchors and aliases would make the file harder to read.
    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(value: Any) -> str:
    """`value` as block-style YAML in document order, without anchors."""
    return yaml.dump(value, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=100)


def write_bundles(
    out: Path, spec_paths: Mapping[str, Path], *, dereferenced: bool = False, formats: tuple[str, ...] = ("yaml",)
) -> list[Path]:
    """Validate and write `<id>.<format>` for every spec (API id -> spec file); returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for api_id, path in spec_paths.items():
        spec = bundle(path, dereferenced=dereferenced)
        # A bundle that does not validate (a $ref rewritten to the wrong place) must not ship.
        validate(spec)
        for fmt in formats:
            target = out / f"{api_id}.{fmt}"
            target.write_text(to_yaml(spec) if fmt == "yaml" else to_json(spec, indent=2) + "\n", encoding="utf-8")
            written.append(target)
    return written
