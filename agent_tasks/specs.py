"""Load specs by path with every relative $ref resolved, and validate data against their schemas."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

__all__ = ["YamlFileError", "read_yaml", "load_bundled", "prime_bundled", "to_json_schema", "schema_validator", "record_errors"]

# libyaml's parser is ~10x faster than the pure-Python one; fall back where it is not built.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlFileError(ValueError):
    """A YAML file that does not parse; the message is one line naming file, line and column."""


def read_yaml(path: Path) -> Any:
    """Parse one YAML file (safe loader, libyaml when available)."""
    with open(path, encoding="utf-8") as fh:
        try:
            return yaml.load(fh, Loader=_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
            raise YamlFileError(f"{where}: {exc.problem or exc.context}") from None


def _resolve(node: Any, base: Path, seen: tuple[str, ...], files: dict[Path, Any]) -> Any:
    # `files`: each component file parsed once per bundle (specs $ref the same ones many times);
    # _resolve copies containers and never mutates them.
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            file_part, _, pointer = ref.partition("#")
            target = (base.parent / file_part).resolve()
            key = f"{target}#{pointer}"
            if key in seen:
                raise ValueError(f"circular $ref {ref!r} in {base}")
            if target not in files:
                files[target] = read_yaml(target)
            value = files[target]
            for part in [p for p in pointer.split("/") if p]:
                value = value[part.replace("~1", "/").replace("~0", "~")]
            return _resolve(value, target, seen + (key,), files)
        return {k: _resolve(v, base, seen, files) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, base, seen, files) for v in node]
    return node


_PRIMED: dict[Path, dict] = {}


@functools.lru_cache(maxsize=None)
def load_bundled(spec_path: Path) -> dict:
    """The spec at `spec_path` with every external $ref inlined (internal `#/` refs kept)."""
    spec_path = Path(spec_path).resolve()
    if spec_path in _PRIMED:
        return _PRIMED[spec_path]
    return _resolve(read_yaml(spec_path), spec_path, (), {})


def prime_bundled(spec_path: Path, spec: dict) -> None:
    """Make `load_bundled(spec_path)` return `spec`, bundled earlier from the same files (the mock's spec cache)."""
    _PRIMED[Path(spec_path).resolve()] = spec


_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def to_json_schema(node: Any) -> Any:
    """Translate an OpenAPI 3.0 schema into JSON Schema 2020-12 (nullable, boolean exclusive bounds, int formats)."""
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example", "discriminator", "xml")}
    if "$ref" in out and out["$ref"].startswith("#/components/schemas/"):
        out["$ref"] = "#/$defs/" + out["$ref"].rsplit("/", 1)[1]
    for bound, flag in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
        if out.get(flag) is True and bound in out:
            out[flag] = out.pop(bound)
        elif out.get(flag) is False:
            del out[flag]
    if out.get("type") == "integer" and node.get("format") in _INT_RANGES:
        low, high = _INT_RANGES[node["format"]]
        out.setdefault("minimum", low)
        out.setdefault("maximum", high)
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@functools.lru_cache(maxsize=None)
def schema_validator(spec_path: Path, name: str) -> jsonschema_rs.Draft202012Validator:
    """The compiled validator of `components.schemas[name]`; loaders call its `is_valid` once per record."""
    # Cached per spec_path as given: resolving the path per record cost half of a big world's load.
    spec = load_bundled(Path(spec_path).resolve())
    schemas = spec.get("components", {}).get("schemas", {})
    if name not in schemas:
        raise KeyError(f"{spec_path}: no components.schemas.{name}")
    root = dict(to_json_schema(schemas[name]))
    root["$defs"] = {key: to_json_schema(value) for key, value in schemas.items()}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def record_errors(spec_path: Path, schema_name: str, instance: Any) -> list[tuple[str, str]]:
    """Why `instance` breaks `components.schemas[schema_name]`, as (field path, message) pairs.

    Fast enough (a Rust validator) to check a million fixture records at start-up.
    """
    validator = schema_validator(spec_path, schema_name)
    # is_valid stops at the first failure and builds no error objects: the common, valid case
    # costs a third of iter_errors.
    if validator.is_valid(instance):
        return []
    return [
        (".".join(str(p) for p in err.instance_path) or "<root>", err.message)
        for err in validator.iter_errors(instance)
    ]
