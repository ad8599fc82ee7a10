"""The mock as users start it: fails fast on a broken world, workers share one world."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.mock.conftest import auth
from tests.mock.serve import ROOT, children, free_port, serving, serving_process


def test_broken_fixture_fails_at_start_up_naming_file_and_record(world_dir, tmp_path):
    broken = tmp_path / "world"
    shutil.copytree(world_dir, broken)
    tasks = broken / "orq" / "tasks.yaml"
    tasks.write_text(tasks.read_text().replace("_id: 01", "_id: not-a-ulid-", 1))
    result = subprocess.run(
        [sys.executable, "-m", "mock", "--no-cache", "--fixtures", str(broken), "--port", str(free_port())],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "orq/tasks.yaml" in line and "record" in line and "_id" in line, line


def test_workers_share_one_world(world_dir, all_tenants):
    alice = all_tenants["beeos"][0]
    agent = alice.own_urls[0].split("/")[4]
    with serving("--fixtures", str(world_dir), "--workers", "2") as base:
        created = httpx.post(f"{base}/__mock/beeos/tasks", json={"tenant": alice.id, "task": {"agent_id": agent}})
        assert created.status_code == 201, created.text
        task_id = created.json()["task_id"]
        # Fresh connections land on either worker; every one must see the new task first.
        for _ in range(12):
            with httpx.Client(base_url=base) as fresh:
                first = fresh.get("/api/v1/tasks?limit=1", headers=auth(alice)).json()["data"]["tasks"][0]
                assert first["task_id"] == task_id


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_workers_are_forks_of_the_process_that_built_the_app(world_dir):
    # A spawned worker runs `python -c "from multiprocessing.spawn import ..."` and builds the app
    # again; a fork runs the parent's command line and shares the parent's built app and memory.
    with serving_process("--fixtures", str(world_dir), "--workers", "2") as (_, proc):
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        workers = children(proc.pid)
        assert len(workers) == 2
        assert [Path(f"/proc/{w}/cmdline").read_bytes() for w in workers] == [cmdline, cmdline]


def test_reload_serves_edited_fixtures(world_dir, all_tenants, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(world_dir, world)
    quant = all_tenants["org"][0]
    with serving("--fixtures", str(world), "--reload", "--api", "org") as base:
        def first_title() -> str | None:
            try:
                response = httpx.get(f"{base}{quant.list_url}?limit=1", headers=auth(quant), timeout=2)
            except httpx.TransportError:
                return None  # restarting
            return response.json()["tasks"][0]["title"] if response.status_code == 200 else None

        title = first_title()
        tasks = world / "org" / "tasks.yaml"
        text = tasks.read_text()
        # The newest task is the last record the generator writes; its title is unique enough.
        tasks.write_text(text.replace(f"title: {title}\n", "title: Edited while serving\n"))
        deadline = time.monotonic() + 60
        while first_title() != "Edited while serving":
            assert time.monotonic() < deadline, "the mock did not reload the edited fixture"
            time.sleep(0.3)


def test_reload_names_a_broken_edit_in_one_line_then_serves_the_fix(world_dir, all_tenants, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(world_dir, world)
    quant = all_tenants["org"][0]
    tasks = world / "org" / "tasks.yaml"
    good = tasks.read_text()
    with serving_process("--fixtures", str(world), "--reload", "--api", "org") as (base, proc):
        os.set_blocking(proc.stdout.fileno(), False)
        output = b""
        tasks.write_text(good.replace("progress: 0\n", "progress: 5\n", 1))
        deadline = time.monotonic() + 60
        while b"waiting for the next change" not in output:
            assert time.monotonic() < deadline, f"no one-line error after a broken edit:\n{output.decode()}"
            time.sleep(0.3)
            output += proc.stdout.read() or b""
        assert b"Traceback" not in output, output.decode()
        line = next(line for line in output.decode().splitlines() if "waiting for the next change" in line)
        assert "org/tasks.yaml" in line and "progress" in line, line
        tasks.write_text(good)
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}{quant.list_url}?limit=1", headers=auth(quant), timeout=2).status_code == 200:
                    break
            assert time.monotonic() < deadline + 60, "the mock did not serve the fixed fixture"
            time.sleep(0.3)


def test_broken_spec_fails_at_start_up_naming_the_file(tmp_path, monkeypatch, capsys):
    import agent_tasks.apis
    from agent_tasks.cli import main
    from agent_tasks.specs import load_bundled

    specs = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", specs)
    limit = specs / "org" / "components" / "parameters" / "Limit.yaml"
    limit.write_text(limit.read_text() + "\n  bad: [unclosed\n")
    monkeypatch.setattr(agent_tasks.apis, "SPEC_DIR", specs)
    load_bundled.cache_clear()
    try:
        assert main(["mock", "--no-cache", "--api", "org", "--port", str(free_port())]) == 2
    finally:
        load_bundled.cache_clear()
    line = capsys.readouterr().err.strip()
    assert line.startswith("agent-tasks mock: cannot start: YamlFileError:") and "Limit.yaml" in line, line
    assert "\n" not in line
