"""`--version`, `token` refusing an owner the mock does not know, and the port bound before `serving on`."""

from __future__ import annotations

import socket

import jwt
import pytest

import agent_tasks
from agent_tasks.cli import main
from mock.beeos.generate import generate
from tests.cli.procs import run


def test_version_is_printed_without_a_command():
    done = run("--version")
    assert (done.returncode, done.stdout) == (0, f"agent-tasks {agent_tasks.__version__}\n")


def test_a_token_for_an_owner_of_the_world_is_minted(capsys):
    assert main(["token", "--owner", "usr_demo_alice"]) == 0
    assert jwt.decode(capsys.readouterr().out.strip(), options={"verify_signature": False})["sub"] == "usr_demo_alice"


def test_a_token_for_an_unknown_owner_is_refused_with_the_known_ones(capsys):
    assert main(["token", "--owner", "usr_nobody"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no owner 'usr_nobody' in " in captured.err and "usr_demo_alice, usr_demo_bob, usr_demo_carol" in captured.err
    assert captured.err.count("\n") == 1


def test_any_owner_and_another_world_lift_the_check(tmp_path, capsys):
    assert main(["token", "--owner", "usr_nobody", "--any-owner"]) == 0
    generate(tmp_path / "beeos", tasks=10, seed=0)
    assert main(["token", "--owner", "usr_demo_bob", "--fixtures", str(tmp_path)]) == 0
    assert main(["token", "--owner", "usr_demo_bob", "--fixtures", str(tmp_path / "missing")]) == 2
    assert "missing" in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_port_in_use_is_one_line_and_nothing_claims_to_serve(workers):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("mock", "--api", "org", "--port", str(port), "--workers", workers)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"agent-tasks mock: cannot listen on 127.0.0.1:{port}: Address already in use\n"
