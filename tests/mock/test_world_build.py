"""`agent-tasks mock` builds its world in a forked child (mock/core/background.py), or in-process without fork().

Either way the user sees the same thing: a broken world is one line naming the file and the record,
and a good world is served whole.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.mock.conftest import auth
from tests.mock.serve import ROOT, children, free_port, stop, wait_until_healthy

_NO_FORK = "import os, sys; del os.fork; from agent_tasks.cli import main; sys.exit(main())"


@pytest.fixture
def broken_world(world_dir, tmp_path):
    broken = tmp_path / "world"
    shutil.copytree(world_dir, broken)
    tasks = broken / "org" / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("status: ", "status: no-such-status-", 1), encoding="utf-8")
    return broken


@pytest.mark.parametrize("fork", [True, False], ids=["built-in-a-child", "built-in-process"])
def test_a_broken_world_is_one_line_naming_file_and_record(broken_world, monkeypatch, capsys, fork):
    from agent_tasks.cli import main

    if not fork:
        monkeypatch.delattr(os, "fork")
    assert main(["mock", "--no-cache", "--fixtures", str(broken_world), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"agent-tasks mock: {broken_world / 'org' / 'tasks.yaml'}: record 1 ") and err.count("\n") == 1, err
    assert "field 'task.status'" in err, err


def test_without_fork_the_world_is_built_in_process_and_served(world_dir, all_tenants, tmp_path):
    alice = all_tenants["beeos"][0]
    port = free_port()
    cmd = [sys.executable, "-c", _NO_FORK, "mock", "--fixtures", str(world_dir), "--no-cache", "--quiet", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "TMPDIR": str(tmp_path)})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, proc, 60, lambda: proc.stdout.read().decode())
        health = httpx.get(f"{base}/__mock/health").json()
        assert health["status"] == "ok" and health["fixtures"] == str(world_dir)
        page = httpx.get(f"{base}/api/v1/tasks?limit=2", headers=auth(alice))
        assert page.status_code == 200 and len(page.json()["data"]["tasks"]) == 2, page.text
        assert proc.poll() is None
    finally:
        stop(proc)
        proc.stdout.close()
    assert list(tmp_path.iterdir()) == []  # the world's folder is removed on exit


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the child in /proc")
def test_a_world_build_killed_without_a_word_is_one_line(tmp_path):
    world = tmp_path / "world"
    done = subprocess.run([sys.executable, "-c", "import sys; from agent_tasks.cli import main; sys.exit(main())",
                           "fixtures", "generate", "--api", "orq", "--tasks", "60000", "--format", "jsonl", "--out", str(world)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "mock", "--api", "orq", "--fixtures", str(world), "--no-cache", "--port", str(free_port())],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    deadline = time.monotonic() + 60
    while not (builders := children(proc.pid)):
        assert proc.poll() is None and time.monotonic() < deadline, "no world-building child appeared"
        time.sleep(0.01)
    os.kill(builders[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (2, "agent-tasks mock: the world build stopped (exit status -9)\n")
    assert list((tmp_path / "tmp").iterdir()) == []

