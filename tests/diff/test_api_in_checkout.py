"""`diff --api ID` reads the spec and history of the git repository it runs in, not the installed package's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from agent_tasks.apis import APIS
from tests.cli.procs import run


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True)


def test_another_checkout_is_compared_with_its_own_history(tmp_path):
    repo = tmp_path / "other-checkout"
    shutil.copytree(APIS["orq"].spec_path.parent, repo / "spec" / "orq")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "orq spec")
    root = repo / "spec" / "orq" / "openapi.yaml"
    root.write_text(root.read_text().replace("/v2/agents/{agent_key}/tasks:", "/v2/agents/{agent_key}/jobs:"))
    _git(repo, "commit", "-qam", "rename the path")

    done = run("diff", "HEAD~1", "HEAD", "--api", "orq", cwd=repo / "spec")  # any folder inside the checkout
    assert done.returncode == 1, done.stdout + done.stderr
    assert "/v2/agents/{agent_key}/tasks" in done.stdout and "No changes" not in done.stdout


def test_outside_any_repository_api_says_what_to_do(tmp_path):
    done = run("diff", "HEAD~1", "HEAD", "--api", "orq", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"agent-tasks diff: error: --api orq reads spec/orq/openapi.yaml of the git repository the command "
                           f"runs in, and {tmp_path} is in none; run it in a checkout or give --spec PATH\n")
