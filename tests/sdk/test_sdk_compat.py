"""The official SDKs and generated clients against the live mock (`python -m sdk_compat`).

One run of every client against the built-in fixtures, served in-process on a free 127.0.0.1
port; each client must have made calls, parsed pages and tasks, and failed nothing. Then the
same suite against the mock behind a deliberately broken rewrite (rows without their id) must
fail, naming the field. `scripts/test` runs `scripts/install-sdks` first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sdk_compat import runner
from sdk_compat.clients import CLIENTS
from tests.broken.harness import broken_mock
from tests.broken.rewrite import Forward, Request, Response

pytestmark = pytest.mark.timeout(900)


def run(tmp_path: Path, *args: str) -> tuple[int, dict[str, dict[str, Any]]]:
    out = tmp_path / "sdk-compat.json"
    code = runner.main([*args, "--json", str(out)])
    return code, {r["name"]: r for r in json.loads(out.read_text())}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, dict[str, Any]]]:
    return run(tmp_path_factory.mktemp("sdk"))


@pytest.mark.parametrize("client", [c.name for c in CLIENTS])
def test_every_response_parses_in_the_client(results: tuple[int, dict[str, dict[str, Any]]], client: str) -> None:
    _, by_name = results
    result = by_name[client]
    reasons = "\n".join(f"{r['count']}x {r['reason']} (e.g. {r['request']})" for r in result["reasons"])
    assert result["failures"] == 0, f"{client}: {result['failures']} failures\n{reasons}"
    assert result["calls"] > 0 and result["pages"] > 0 and result["tasks"] > 0, result
    assert result["errors"] > 0, f"{client}: no documented error was exercised"


def test_the_run_exits_zero_only_without_failures(results: tuple[int, dict[str, dict[str, Any]]]) -> None:
    code, by_name = results
    assert code == (0 if all(r["failures"] == 0 for r in by_name.values()) else 1)


async def _rows_without_ids(request: Request, forward: Forward) -> Response:
    """A broken orq: every task comes back without its required `_id`."""
    response = await forward(request)
    if response.status != 200 or not request.path.startswith("/v2/"):
        return response
    body = response.json
    for task in body.get("tasks", []):
        task.pop("_id", None)
    return response.with_json(body)


def test_the_suite_fails_against_a_server_whose_rows_lack_a_required_field(tmp_path: Path) -> None:
    with broken_mock("orq") as (app, target):
        app.bug = _rows_without_ids
        code, by_name = run(tmp_path, "--base-url", target.base_url, "--client", "generated-orq", "--client", "orq-sdk")
    assert code == 1
    generated = by_name["generated-orq"]
    assert generated["failures"] > 0 and generated["tasks"] == 0, generated
    assert any("_id" in r["reason"] for r in generated["reasons"]), generated["reasons"]
    assert by_name["orq-sdk"]["failures"] > 0 and by_name["orq-sdk"]["tasks"] == 0, by_name["orq-sdk"]
