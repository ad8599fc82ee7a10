"""A cache of built worlds: a fixtures folder already validated and loaded, as a SQLite file.

Parsing and validating YAML is most of the mock's start-up (seconds for the built-in world,
minutes for a million tasks). A world depends only on its fixture files, the specs they are
validated against and the code that loads them, so their sizes and modification times key it,
like `make`. `agent-tasks mock --no-cache` skips it. Every edit makes a new entry, and a
million-task world is most of a gigabyte, so only the most recently used few are kept.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import agent_tasks
from agent_tasks import specs
from agent_tasks.apis import get_api

_CODE = Path(__file__).resolve().parents[1]  # the mock package: loaders and SQL schemas
KEEP = 4
"""Worlds kept in the cache; the least recently used beyond these are deleted when one is saved."""
_SPECS = Path(specs.__file__).resolve()  # turns spec schemas into the validators fixtures must pass


def default_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "agent-tasks" / "worlds"


def key(fixtures_dir: Path, apis: tuple[str, ...]) -> str:
    roots = [Path(fixtures_dir).resolve() / api for api in apis]
    roots += [get_api(api).spec_path.parent for api in apis] + [_CODE / "core", *(_CODE / api for api in apis)]
    return files_key(agent_tasks.__version__, [*roots, _SPECS])


def files_key(version: str, roots: list[Path]) -> str:
    """A key that changes with `version` and with the path, size or mtime of any file in `roots`."""
    digest = hashlib.sha256(version.encode())
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for file in files:
            stat = file.stat()
            digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def restore(cache_dir: Path, world_key: str, target: Path) -> bool:
    """Copy the cached world to `target`; False when there is none."""
    cached = cache_dir / f"{world_key}.sqlite"
    if not cached.is_file():
        return False
    shutil.copyfile(cached, target)
    os.utime(cached)  # recently used: the last to be pruned
    return True


def save(conn: sqlite3.Connection, path: Path, cache_dir: Path, world_key: str) -> None:
    """Store the world `conn` holds in the file `path`, atomically (a reader never sees half a file).

    Nothing else writes to a world that is just built, so once its write-ahead log is folded into
    the file, a plain file copy is the world: the kernel copies 0.8 GB (a million tasks) in well
    under a second, where SQLite's page-by-page backup took about 4 s.
    """
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache_dir / f"{world_key}.{os.getpid()}.partial"
    shutil.copyfile(path, partial)
    os.replace(partial, cache_dir / f"{world_key}.sqlite")
    prune(cache_dir, "*.sqlite", keep=KEEP)


def prune(cache_dir: Path, pattern: str, *, keep: int) -> None:
    """Delete all but the `keep` most recently used entries matching `pattern`."""
    entries = []
    for entry in cache_dir.glob(pattern):
        try:
            entries.append((entry.stat().st_mtime_ns, entry))
        except OSError:  # removed meanwhile by another mock
            continue
    for _, entry in sorted(entries, reverse=True)[keep:]:
        entry.unlink(missing_ok=True)
