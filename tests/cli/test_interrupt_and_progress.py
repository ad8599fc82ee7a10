"""Ctrl-C at any point is one line and exit 130 with nothing left behind; progress bars only on a terminal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess

import httpx
import pytest

from tests.cli.procs import CLI, ROOT, on_terminal, wait_for
from tests.mock.serve import free_port, group_members

INTERRUPTED = "agent-tasks: interrupted\n"


def _interrupt(proc: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C as a terminal sends it: SIGINT to every process of the foreground group."""
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def test_ctrl_c_while_generating_leaves_no_partial_file(tmp_path):
    proc = subprocess.Popen([*CLI, "fixtures", "generate", "--api", "org", "--tasks", "2000000", "--format", "jsonl", "--out", str(tmp_path)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    wait_for(lambda: any(tmp_path.glob("org/.tasks.jsonl.*.partial")), proc, "a partial task file")
    status, err = _interrupt(proc)
    assert (status, err) == (130, INTERRUPTED)
    assert sorted(p.name for p in (tmp_path / "org").iterdir()) == ["tenants.yaml"]


@pytest.fixture(scope="module")
def orq_world(tmp_path_factory):
    world = tmp_path_factory.mktemp("orq-60k")
    done = subprocess.run([*CLI, "fixtures", "generate", "--api", "orq", "--tasks", "60000", "--format", "jsonl", "--out", str(world)], cwd=ROOT)
    assert done.returncode == 0
    return world


@pytest.mark.parametrize(
    "stop, expected",
    [
        # Ctrl-C as a terminal sends it: SIGINT to every process of the foreground group.
        (lambda pid: os.killpg(pid, signal.SIGINT), (130, INTERRUPTED)),
        # A supervisor's stop: SIGTERM to the mock's process only, not to the child building the world.
        (lambda pid: os.kill(pid, signal.SIGTERM), (0, "")),
    ],
    ids=["ctrl-c", "sigterm-to-the-mock-alone"],
)
def test_stopped_while_building_its_world_the_mock_leaves_no_process_and_no_world(orq_world, tmp_path, stop, expected):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # Output to a file, not a pipe: reading a pipe to its end would also wait for a child left running.
    with open(tmp_path / "out.txt", "w+", encoding="utf-8") as out:
        proc = subprocess.Popen([*CLI, "mock", "--api", "orq", "--fixtures", str(orq_world), "--no-cache", "--port", str(free_port())],
                                cwd=ROOT, stdout=out, stderr=out, env={**os.environ, "TMPDIR": str(scratch)}, start_new_session=True)
        wait_for(lambda: any(scratch.glob("agent-tasks-mock-*/world.sqlite")), proc, "the world's SQLite file")
        stop(proc.pid)
        proc.wait(timeout=60)
        left = group_members(proc.pid)
        out.seek(0)
        shown = out.read()
    assert (proc.returncode, shown) == expected
    assert left == [] and list(scratch.iterdir()) == []


@pytest.mark.parametrize("mode", [[], ["--workers", "2"], ["--reload"]], ids=["one-process", "workers", "reload"])
def test_ctrl_c_while_serving_stops_with_one_line(tmp_path, mode):
    port = free_port()
    proc = subprocess.Popen([*CLI, "mock", "--api", "org", "--port", str(port), *mode], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "TMPDIR": str(tmp_path)}, start_new_session=True)

    def answers() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/__mock/health", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    wait_for(answers, proc, "a 200 from the mock")
    status, err = _interrupt(proc)
    assert (status, err) == (130, INTERRUPTED)
    assert list(tmp_path.iterdir()) == []


def test_progress_bars_on_a_terminal_and_none_in_a_pipe(tmp_path):
    args = ("fixtures", "generate", "--api", "org", "--api", "beeos", "--tasks", "6000", "--out", str(tmp_path))
    status, shown = on_terminal(*args)
    assert status == 0, shown
    assert "org: generating tasks" in shown and "beeos: generating tasks" in shown and "6000/6000" in shown
    piped = subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == ""
    assert piped.stdout == f"wrote {tmp_path / 'org'}\nwrote {tmp_path / 'beeos'}\n"


@pytest.mark.parametrize("fmt, tasks", [("yaml", 6000), ("jsonl", 20000)])
def test_the_mock_shows_a_loading_bar_for_a_big_world_on_a_terminal(tmp_path, fmt, tasks):
    done = subprocess.run([*CLI, "fixtures", "generate", "--api", "org", "--tasks", str(tasks), "--format", fmt, "--out", str(tmp_path)], cwd=ROOT)
    assert done.returncode == 0
    status, shown = on_terminal("mock", "--api", "org", "--fixtures", str(tmp_path), "--no-cache", "--port", str(free_port()),
                                stop_on="agent-tasks mock: serving")
    assert status == 0, shown
    # A YAML world counts records; a jsonl world, streamed, counts bytes of its file.
    size = (tmp_path / "org" / f"tasks.{fmt}").stat().st_size
    assert "org: loading tasks" in shown and (f"{tasks}/{tasks}" if fmt == "yaml" else f"{size}/{size}") in shown
    # The bar is drawn (by the process building the world) before the mock says it serves.
    assert shown.index("org: loading tasks") < shown.index("agent-tasks mock: serving")


def test_a_port_in_use_is_reported_before_a_big_world_is_loaded(tmp_path):
    done = subprocess.run([*CLI, "fixtures", "generate", "--api", "orq", "--tasks", "60000", "--format", "jsonl", "--out", str(tmp_path / "w")], cwd=ROOT)
    assert done.returncode == 0
    # A bad last record: a mock that loaded the world before binding would report it instead.
    with open(tmp_path / "w" / "orq" / "tasks.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"tenant": "nobody"}\n')
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        # Output to a file, not a pipe: reading a pipe to its end would also wait for a child left running.
        with open(tmp_path / "err.txt", "w+", encoding="utf-8") as out:
            proc = subprocess.Popen([*CLI, "mock", "--api", "orq", "--fixtures", str(tmp_path / "w"), "--no-cache", "--port", str(port)],
                                    cwd=ROOT, stdout=out, stderr=out, text=True, start_new_session=True,
                                    env={**os.environ, "TMPDIR": str(tmp_path)})
            proc.wait(timeout=120)
            left = group_members(proc.pid)
            out.seek(0)
            err = out.read()
    assert (proc.returncode, err) == (2, f"agent-tasks mock: cannot listen on 127.0.0.1:{port}: Address already in use\n")
    # The world's build was stopped, not left running: no process of the mock's group is alive, its folder is gone.
    assert left == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["err.txt", "w"]
