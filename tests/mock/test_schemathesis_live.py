"""Plain `schemathesis run`, every check, then the hostile-input cases, against one live mock.

No failure for any spec, every hostile request refused in its envelope, and no 500 and no
traceback in the mock's log afterwards.
"""

from __future__ import annotations

import os
import subprocess

import httpx
import pytest

from agent_tasks.apis import APIS
from tests.mock.hostile import admin_cases, api_cases, message_of
from tests.mock.serve import ROOT, serving
from tests.mock.world import tenants

SCHEMATHESIS = ROOT / ".venv" / "bin" / "schemathesis"


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return tmp_path_factory.mktemp("live") / "mock.log"


@pytest.fixture(scope="module")
def live(world_dir, log):
    with serving("--fixtures", str(world_dir), "--workers", "2", log=log) as base:
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


def test_hostile_requests_are_refused_in_their_envelopes(live, world_dir):
    cases = api_cases({api: tenants(world_dir, api) for api in APIS}, live=True) + admin_cases()
    wrong = []
    with httpx.Client(base_url=live, timeout=30) as client:
        for case in cases:
            response = client.request(case.method, case.path, headers=case.headers, content=case.body)
            body = response.json() if response.headers.get("content-type") == "application/json" else None
            if response.status_code != case.status or not message_of(body):
                wrong.append(f"{case.id}: {response.status_code} {response.text[:200]}")
    assert not wrong, "\n".join(wrong)


def test_the_log_shows_no_crash(live, log):
    # Last in this module: after Schemathesis and the hostile cases have run against this mock.
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "unhandled error" not in text, text[-4000:]
