"""Helpers for the lint tests: copy a repo spec, rewrite one YAML file, find where a text is."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any, Callable

import yaml
from jsonschema_path.loaders import JsonschemaSafeLoader

from agent_tasks.apis import get_api
from agent_tasks.lint import Problem


def read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=JsonschemaSafeLoader)


def rewrite(path: Path, change: Callable[[Any], None]) -> None:
    """Load one YAML file, let `change` mutate it, write it back (comments are lost; fine in a copy)."""
    data = read(path)
    change(data)
    # libyaml's dumper when there is one: the fixture files are big.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, width=1000), encoding="utf-8")


def position(path: Path, needle: str) -> tuple[int, int]:
    """(line, column) of the first occurrence of `needle` in `path`, 1-based like the lint's."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def only(problems: list[Problem], rule: str) -> list[tuple[str, int | None, int | None, str]]:
    """(file, line, column, message) of the problems of one rule."""
    return [(p.file, p.line, p.column, p.message) for p in problems if p.rule == rule]


def copy_spec(tmp_path: Path, api_id: str) -> Path:
    """A copy of spec/<api>/ under tmp_path/spec/<api>; returns its openapi.yaml."""
    target = tmp_path / "spec" / api_id
    shutil.copytree(get_api(api_id).spec_path.parent, target)
    return target / "openapi.yaml"


def paths_file(spec: Path, index: int = 0) -> Path:
    """The paths/*.yaml file the `index`-th path of a split spec refers to."""
    ref = list(read(spec)["paths"].values())[index]["$ref"]
    return spec.parent / ref


MINI_FILES = {
    "openapi.yaml": """
        openapi: 3.0.3
        info:
          title: Mini
          version: 1.0.0
          description: A minimal split spec the lint tests break.
          contact:
            name: tests
        servers:
          - url: https://api.test
        security:
          - bearerAuth: []
        tags:
          - name: Things
            description: Things.
        paths:
          /things/{thingId}:
            $ref: paths/thing.yaml
        components:
          securitySchemes:
            bearerAuth:
              type: http
              scheme: bearer
          schemas:
            Thing:
              $ref: components/schemas/Thing.yaml
    """,
    "paths/thing.yaml": """
        get:
          operationId: getThing
          summary: Get a thing
          description: Returns one thing.
          tags: [Things]
          parameters:
            - name: thingId
              in: path
              required: true
              description: The thing's id.
              schema: {type: string}
          responses:
            "200":
              description: The thing.
              content:
                application/json:
                  schema:
                    $ref: ../components/schemas/Thing.yaml
                  examples:
                    One:
                      $ref: ../components/examples/One.yaml
            "404":
              description: No such thing.
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      message: {type: string}
    """,
    "components/schemas/Thing.yaml": """
        type: object
        required: [id, size]
        additionalProperties: false
        properties:
          id: {type: string, format: uuid}
          size: {type: integer, minimum: 0, default: 0}
          note: {type: string, nullable: true}
    """,
    "components/examples/One.yaml": """
        summary: A thing
        value:
          id: 7c9e6679-7425-40de-944b-e07fc1f90ae7
          size: 3
          note: null
    """,
}


def write_mini_spec(root: Path) -> Path:
    """A small valid split spec (one operation, one component schema, one example); its openapi.yaml."""
    for name, text in MINI_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root / "openapi.yaml"
