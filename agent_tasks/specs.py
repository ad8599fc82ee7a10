"""Load specs by path with every relative $ref resolved, and validate data against their schemas."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from jsonschema_path import SchemaPath
from openapi_schema_validator import OAS30Validator


def read_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _resolve(node: Any, base: Path, seen: tuple[str, ...]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            file_part, _, pointer = ref.partition("#")
            target = (base.parent / file_part).resolve()
            key = f"{target}#{pointer}"
            if key in seen:
                raise ValueError(f"circular $ref {ref!r} in {base}")
            value = read_yaml(target)
            for part in [p for p in pointer.split("/") if p]:
                value = value[part.replace("~1", "/").replace("~0", "~")]
            return _resolve(value, target, seen + (key,))
        return {k: _resolve(v, base, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, base, seen) for v in node]
    return node


@functools.lru_cache(maxsize=None)
def load_bundled(spec_path: Path) -> dict:
    """The spec at `spec_path` with every external $ref inlined (internal `#/` refs kept)."""
    spec_path = Path(spec_path).resolve()
    return _resolve(read_yaml(spec_path), spec_path, ())


def component_schema(spec_path: Path, name: str) -> dict:
    """`components.schemas[name]` of the bundled spec, with internal refs still resolvable."""
    return load_bundled(Path(spec_path))["components"]["schemas"][name]


@functools.lru_cache(maxsize=None)
def schema_validator(spec_path: Path, name: str) -> OAS30Validator:
    """An OpenAPI 3.0 schema validator (nullable, formats) for a named component schema."""
    spec = load_bundled(Path(spec_path))
    schema = dict(spec["components"]["schemas"][name])
    schema["components"] = spec["components"]
    return OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)


def schema_path(spec_path: Path) -> SchemaPath:
    """A jsonschema-path view of the spec, resolving relative refs from its own location."""
    return SchemaPath.from_file_path(str(spec_path))


__all__ = ["read_yaml", "load_bundled", "component_schema", "schema_validator", "schema_path"]
