"""Built worlds are reused only while their fixture files are unchanged."""

from __future__ import annotations

import os
import shutil

import pytest

from mock.core.errors import FixtureError
from mock.core.store import Store

APIS = ("beeos", "orq", "org")


def snapshot(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.connection().execute("SELECT task_id FROM beeos_tasks ORDER BY task_id")]


def test_second_build_restores_the_same_world_from_the_cache(world_dir, tmp_path):
    cache = tmp_path / "cache"
    first = Store.build(world_dir, APIS, tmp_path / "a.sqlite", cache_dir=cache)
    assert len(list(cache.glob("*.sqlite"))) == 1
    second = Store.build(world_dir, APIS, tmp_path / "b.sqlite", cache_dir=cache)
    assert snapshot(first) == snapshot(second) != []


def test_an_edited_fixture_is_validated_again(world_dir, tmp_path):
    world, cache = tmp_path / "world", tmp_path / "cache"
    shutil.copytree(world_dir, world)
    Store.build(world, APIS, tmp_path / "a.sqlite", cache_dir=cache)
    tasks = world / "org" / "tasks.yaml"
    tasks.write_text(tasks.read_text().replace("progress: 0\n", "progress: 5\n", 1))
    stat = tasks.stat()
    os.utime(tasks, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(FixtureError, match="progress"):
        Store.build(world, APIS, tmp_path / "b.sqlite", cache_dir=cache)


def test_only_the_most_recently_used_worlds_are_kept(world_dir, tmp_path, monkeypatch):
    from mock.core import world_cache

    monkeypatch.setattr(world_cache, "KEEP", 2)
    cache = tmp_path / "cache"
    cache.mkdir()
    for n, name in enumerate(["a", "b", "c"]):
        (cache / f"{name}.sqlite").write_bytes(b"")
        os.utime(cache / f"{name}.sqlite", ns=(n * 10**9, n * 10**9))
    os.utime(cache / "a.sqlite")  # the oldest entry, used just now: kept over the untouched ones
    Store.build(world_dir, APIS, tmp_path / "a.sqlite", cache_dir=cache)
    kept = sorted(p.stem for p in cache.glob("*.sqlite"))
    assert len(kept) == 2 and "a" in kept and not {"b", "c"} & set(kept), kept
