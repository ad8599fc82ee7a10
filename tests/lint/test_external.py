"""`agent-tasks lint --external`: Redocly CLI (`recommended`) and Spectral (`spectral:oas`) on every spec.

The repo's specs must come out with no error and no warning from both (rules switched off carry a
reason in redocly.yaml / .spectral.yaml); a broken copy shows that each linter really runs and that
its findings come back named, located and counted. The linters are npm packages installed by
`scripts/install-npm-tools` (which `scripts/test` runs); without them these tests fail with that hint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lint_helpers import copy_spec, paths_file, rewrite

from agent_tasks.lint.external import tool_dir
from agent_tasks.paths import ROOT

CLI = [sys.executable, "-m", "agent_tasks.cli", "lint", "--external"]


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    for name in ("redocly", "spectral"):
        if not (tool_dir() / name).exists():
            pytest.fail(f"{name} is not installed; run: bash scripts/install-npm-tools")


def lint(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *argv], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("api_id", ["beeos", "orq", "org"])
def test_every_spec_has_no_error_and_no_warning(api_id):
    done = lint(f"spec/{api_id}", "--max-warnings", "0")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]
    assert done.stdout.strip().splitlines()[-1] == "no problems"


def test_a_broken_copy_is_reported_by_both_linters(tmp_path):
    """An operation without operationId and a license without url: each tool names its rule."""
    spec = copy_spec(tmp_path, "orq")
    for config in ("redocly.yaml", ".spectral.yaml", "pyproject.toml"):
        (tmp_path / config).write_text((ROOT / config).read_text())
    rewrite(paths_file(spec), lambda data: data["get"].pop("operationId"))
    rewrite(spec, lambda data: data["info"]["license"].pop("url", None))

    done = lint(str(spec), "--format", "json", "--config", str(tmp_path / "pyproject.toml"), cwd=tmp_path)

    assert done.returncode == 1, done.stderr
    found = {(p["rule"], Path(p["file"]).name) for p in json.loads(done.stdout)["problems"]}
    assert ("redocly/operation-operationId", "agent_tasks.yaml") in found
    assert ("spectral/operation-operationId", "agent_tasks.yaml") in found
    assert ("redocly/info-license-strict", "openapi.yaml") in found


def test_warnings_fail_only_past_max_warnings(tmp_path):
    """A warning-level finding passes by default and fails with --max-warnings 0."""
    spec = copy_spec(tmp_path, "orq")
    for config in ("redocly.yaml", ".spectral.yaml", "pyproject.toml"):
        (tmp_path / config).write_text((ROOT / config).read_text())
    rewrite(spec, lambda data: data["info"]["license"].pop("url", None))

    lenient = lint(str(spec), "--config", str(tmp_path / "pyproject.toml"), cwd=tmp_path)
    strict = lint(str(spec), "--config", str(tmp_path / "pyproject.toml"), "--max-warnings", "0", cwd=tmp_path)

    assert "redocly/info-license-strict" in lenient.stdout
    assert lenient.returncode == 0, lenient.stdout[-2000:]
    assert strict.returncode == 1
    assert "more than 0 warnings allowed (--max-warnings)" in strict.stdout


def test_missing_tools_is_a_usage_error_naming_the_install_command(tmp_path):
    env = {**os.environ, "AGENT_TASKS_NPM_BIN": str(tmp_path / "nowhere")}
    done = subprocess.run([*CLI, "spec/orq"], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    assert "bash scripts/install-npm-tools" in done.stderr
