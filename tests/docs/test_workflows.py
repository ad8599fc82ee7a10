"""The GitHub workflows parse and cover every API of the registry."""

from __future__ import annotations

from pathlib import Path

import yaml

from agent_tasks.apis import APIS

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_spec_review_covers_every_api():
    jobs = load("spec-review.yml")["jobs"]
    assert jobs["diff"]["env"]["APIS"].split() == list(APIS)
    assert jobs["contract"]["strategy"]["matrix"]["api"] == list(APIS)


def test_spec_review_gates_on_the_approval_label():
    diff = load("spec-review.yml")["jobs"]["diff"]
    assert "'breaking-change-approved'" in diff["env"]["APPROVED"]
    gate = diff["steps"][-1]
    assert "env.APPROVED != 'true'" in gate["if"] and "exit 1" in gate["run"]


def test_ci_runs_the_readme_test_command_on_push():
    workflow = load("ci.yml")
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    assert "push" in workflow[True]
    assert workflow["jobs"]["test"]["steps"][-1]["run"] == "bash .ci/run"
