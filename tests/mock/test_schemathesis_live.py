"""Plain `schemathesis run`, every check, against the live mock: no failure for any spec."""

from __future__ import annotations

import os
import subprocess

import pytest

from agent_tasks.apis import APIS
from tests.mock.serve import ROOT, serving
from tests.mock.world import tenants

SCHEMATHESIS = ROOT / ".venv" / "bin" / "schemathesis"


@pytest.fixture(scope="module")
def live(world_dir):
    with serving("--fixtures", str(world_dir)) as base:
        yield base


@pytest.mark.parametrize("api", list(APIS))
def test_schemathesis_finds_nothing(live, world_dir, api, tmp_path):
    token = tenants(world_dir, api)[0].token
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.mock.st_hooks", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", str(APIS[api].spec_path), "--url", live, "--checks", "all",
         "-H", f"Authorization: Bearer {token}", "--max-examples", "25", "--seed", "1",
         "--report-dir", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:]
