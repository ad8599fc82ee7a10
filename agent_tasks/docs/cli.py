"""`agent-tasks docs` (offline HTML documentation) and `agent-tasks bundle` (single-file specs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from agent_tasks.apis import APIS, get_api


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the `docs` and `bundle` subcommands to the `agent-tasks` parser."""
    docs = sub.add_parser("docs", help="write self-contained HTML documentation of every spec")
    docs.add_argument("--out", type=Path, required=True, help="output folder (index.html, <api>.html)")
    docs.add_argument("--api", action="append", choices=list(APIS), help="only these APIs (repeatable; default all)")
    docs.set_defaults(func=_docs)

    bundle = sub.add_parser(
        "bundle", help="write each spec as one validated file (components kept by name, other files inlined)"
    )
    bundle.add_argument("--out", type=Path, required=True, help="output folder (<api>.yaml / <api>.json)")
    bundle.add_argument("--api", action="append", choices=list(APIS), help="only these APIs (repeatable; default all)")
    bundle.add_argument("--dereference", action="store_true", help="inline internal #/ $refs too")
    bundle.add_argument(
        "--format", action="append", choices=("yaml", "json"), help="output format (repeatable; default yaml)"
    )
    bundle.set_defaults(func=_bundle)


def _spec_paths(api_ids: list[str] | None) -> dict[str, Path]:
    return {api_id: get_api(api_id).spec_path for api_id in api_ids or APIS}


# Every `agent-tasks` command imports this module to build its parser; the renderer and the
# validator (Swagger UI assets, jsonschema) load only when `docs` or `bundle` runs.


def _docs(args: argparse.Namespace) -> int:
    from agent_tasks.docs.render import write_docs

    try:
        written = write_docs(args.out, _spec_paths(args.api))
    except (OSError, KeyError, ValueError, yaml.YAMLError) as exc:
        print(f"agent-tasks docs: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _bundle(args: argparse.Namespace) -> int:
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    from agent_tasks.docs.bundle import write_bundles

    try:
        written = write_bundles(
            args.out, _spec_paths(args.api), dereferenced=args.dereference, formats=tuple(args.format or ["yaml"])
        )
    except (OSError, KeyError, ValueError, yaml.YAMLError, OpenAPIValidationError) as exc:
        print(f"agent-tasks bundle: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0
