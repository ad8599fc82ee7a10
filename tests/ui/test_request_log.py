"""Through the CLI: the request log the mock prints on stdout, in text and JSON, and --quiet."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.mock.serve import ROOT, free_port
from tests.ui.support import mock_process

ALICE = {"Authorization": "Bearer oag_demo_alice_main_NOT_A_SECRET"}
ACME = {"Authorization": "Bearer orq-demo-key-acme"}
_TEXT_LINE = re.compile(r"\d\d:\d\d:\d\d\.\d{3} (?P<method>[A-Z]+) (?P<target>\S+) (?P<status>\d{3}) (?P<ms>[0-9.]+) ms(?P<extras>.*)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_text_log_has_one_line_per_request_with_status_ms_tenant_override_and_error(served):
    base = served.base
    assert httpx.get(f"{base}/api/v1/tasks?limit=2&state=open", headers=ALICE).status_code == 200  # the fast path
    assert httpx.get(f"{base}/v2/agents/research-assistant/tasks?limit=1", headers={**ACME, "Prefer": "code=404"}).status_code == 404
    assert httpx.get(f"{base}/api/v1/tasks?limit=0", headers=ALICE).status_code == 400
    assert httpx.get(f"{base}/api/v3/organizations/quant/ai/tasks").status_code == 401

    line = _TEXT_LINE.fullmatch(served.wait_for_line("GET /api/v1/tasks?limit=2&state=open "))
    assert line and line["status"] == "200" and float(line["ms"]) > 0
    assert line["extras"] == " tenant=usr_demo_alice"  # no override, no error on a 200

    line = _TEXT_LINE.fullmatch(served.wait_for_line("GET /v2/agents/research-assistant/tasks?limit=1 "))
    assert line["status"] == "404"
    assert " tenant=acme" in line["extras"] and " prefer=code=404" in line["extras"]

    line = _TEXT_LINE.fullmatch(served.wait_for_line("GET /api/v1/tasks?limit=0 "))
    assert line["status"] == "400" and " error=" in line["extras"] and "limit" in line["extras"]

    line = _TEXT_LINE.fullmatch(served.wait_for_line("GET /api/v3/organizations/quant/ai/tasks "))
    assert line["status"] == "401" and "tenant=" not in line["extras"] and " error=" in line["extras"]
    assert not _ANSI.search("\n".join(served.lines()))  # stdout is a file: no colour codes


def test_admin_and_unknown_paths_are_logged_too(served):
    httpx.get(f"{served.base}/__mock/health?probe=1")
    httpx.get(f"{served.base}/no-such-page")
    assert _TEXT_LINE.fullmatch(served.wait_for_line("GET /__mock/health?probe=1 "))["status"] == "200"
    assert _TEXT_LINE.fullmatch(served.wait_for_line("GET /no-such-page "))["status"] == "404"


@pytest.fixture(scope="module")
def json_served(tmp_path_factory):
    with mock_process(tmp_path_factory.mktemp("json"), "--log-format", "json", "--api", "beeos") as running:
        yield running


def test_json_log_is_one_object_a_line(json_served):
    assert httpx.get(f"{json_served.base}/api/v1/tasks?limit=1", headers={**ALICE, "Prefer": "example=LastPage"}).status_code == 200
    entry = json.loads(json_served.wait_for_line('"path":"/api/v1/tasks"'))
    assert entry["method"] == "GET" and entry["query"] == "limit=1" and entry["status"] == 200
    assert entry["tenant"] == "usr_demo_alice" and entry["prefer"] == "example=LastPage" and entry["error"] is None
    assert isinstance(entry["ms"], float) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])
    for line in json_served.lines()[1:]:  # every line after the serving line is a JSON object
        json.loads(line)


def test_quiet_prints_nothing_after_the_serving_line(tmp_path):
    with mock_process(tmp_path, "--quiet", "--api", "orq") as running:
        for _ in range(3):
            assert httpx.get(f"{running.base}/v2/agents/research-assistant/tasks", headers=ACME).status_code == 200
        httpx.get(f"{running.base}/nope")
    lines = running.lines()
    assert len(lines) == 1 and lines[0].startswith("agent-tasks mock: serving orq"), lines


def test_text_log_is_coloured_when_colour_is_forced(tmp_path):
    # rich colours a terminal; FORCE_COLOR stands in for one here (a pipe or file is never coloured).
    with mock_process(tmp_path, "--api", "org", env={"FORCE_COLOR": "1", "NO_COLOR": ""}) as running:
        httpx.get(f"{running.base}/api/v3/organizations/quant/ai/tasks", headers={"Authorization": "Bearer demo-org-key-quant"})
        coloured = running.wait_for_line("/api/v3/organizations/quant/ai/tasks")
    assert _ANSI.search(coloured), coloured
    assert _TEXT_LINE.fullmatch(_ANSI.sub("", coloured))["status"] == "200"


def test_forked_workers_log_every_request_once_and_the_serving_line_once(tmp_path):
    with mock_process(tmp_path, "--workers", "2", "--api", "orq") as running:
        for number in range(6):
            with httpx.Client() as fresh:  # a new connection: either worker may take it
                fresh.get(f"{running.base}/v2/agents/research-assistant/tasks?limit={number + 1}", headers=ACME)
        running.wait_for_line("limit=6 ")
    lines = running.lines()
    assert sum(line.startswith("agent-tasks mock: serving") for line in lines) == 1, lines
    for number in range(6):
        assert sum(f"tasks?limit={number + 1} " in line for line in lines) == 1, lines


def test_log_format_is_checked():
    done = subprocess.run([sys.executable, "-m", "mock", "--log-format", "xml"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--log-format: invalid choice: 'xml'" in done.stderr


def test_a_closed_stdout_stops_the_log_not_the_mock(tmp_path):
    # `agent-tasks mock | head -1`: the reader goes away after the serving line.
    port = free_port()
    cmd = [sys.executable, "-m", "mock", "--host", "127.0.0.1", "--port", str(port), "--no-cache", "--api", "orq"]
    with open(tmp_path / "err", "w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, start_new_session=True)
    try:
        assert proc.stdout.readline().startswith(b"agent-tasks mock: serving orq")
        proc.stdout.close()
        base, answers, deadline = f"http://127.0.0.1:{port}", [], time.monotonic() + 60
        while len(answers) < 5 and time.monotonic() < deadline:
            try:
                answers.append(httpx.get(f"{base}/v2/agents/research-assistant/tasks", headers=ACME, timeout=5).status_code)
            except httpx.TransportError:
                time.sleep(0.1)  # not listening yet
        assert answers == [200] * 5
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    stderr = (tmp_path / "err").read_text()
    assert "request log stopped" in stderr and "Traceback" not in stderr, stderr
