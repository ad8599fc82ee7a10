"""A cache of specs Connexion accepted: the bundled spec as JSON, written only after Connexion validated it.

With the world cached, reading ~100 YAML component files and Connexion re-validating each spec
against the OpenAPI meta-schema were most of the mock's start-up. A spec depends only on its files
and on the code that bundles and validates it, so their sizes and modification times key it (like
world_cache.py); a hit means "these exact files loaded and validated before".
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path

import agent_tasks
from agent_tasks import specs
from agent_tasks.specs import load_bundled
from mock.core import world_cache

KEEP = 30
"""Specs kept in the cache (about 100 KB each); the least recently used beyond these are deleted."""
# The code that bundles a spec and this module's rules are part of what a cached spec means.
_CODE = [Path(specs.__file__).resolve(), Path(__file__).resolve()]
_VERSIONS = f"{agent_tasks.__version__}\0{metadata.version('connexion')}"


def default_dir(world_cache: Path) -> Path:
    """The spec cache next to the world cache (`.../agent-tasks/specs`)."""
    return Path(world_cache).parent / "specs"


def key(spec_path: Path) -> str:
    return world_cache.files_key(_VERSIONS, [Path(spec_path).resolve().parent, *_CODE])


def load(spec_path: Path, cache_dir: Path | None) -> tuple[dict, str | None]:
    """(bundled spec, key to `mark_valid` with); the key is None when Connexion accepted this spec before."""
    if cache_dir is None:
        return load_bundled(spec_path), ""
    spec_key = key(spec_path)
    try:
        entry = cache_dir / f"{spec_key}.json"
        spec = json.loads(entry.read_bytes())
        os.utime(entry)  # recently used: the last to be pruned
        return spec, None
    except (OSError, ValueError):  # not cached yet, or a damaged entry: load and validate again
        return load_bundled(spec_path), spec_key


def mark_valid(spec: dict, cache_dir: Path | None, spec_key: str | None) -> None:
    """Remember a spec Connexion accepted, atomically (a reader never sees half a file).

    A spec that JSON cannot hold as YAML read it (an unquoted date, a numeric key) is not cached:
    read back, it would differ from what was validated.
    """
    if cache_dir is None or not spec_key:
        return
    try:
        text = json.dumps(spec, separators=(",", ":"))
    except (TypeError, ValueError):
        return
    if json.loads(text) != spec:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache_dir / f"{spec_key}.{os.getpid()}.partial"
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, cache_dir / f"{spec_key}.json")
    world_cache.prune(cache_dir, "*.json", keep=KEEP)
