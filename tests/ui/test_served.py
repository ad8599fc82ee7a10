"""Through HTTP: the specs the mock serves point at it, the UI links work, a 404 outside the APIs
says what is served, and the landing page shows the loaded world with examples that work."""

from __future__ import annotations

import html
import json
import re
import shlex
import shutil
import subprocess
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from agent_tasks.apis import APIS
from agent_tasks.paths import FIXTURES_DIR
from agent_tasks.specs import load_bundled

_EXAMPLE = re.compile(r"<pre class='example' data-api='(\w+)' data-kind='(\w+)'>(.*?)</pre>", re.S)


def examples(page: str) -> dict[tuple[str, str], str]:
    """{(api, kind): shell command} of the landing page's copy-paste examples."""
    return {(api, kind): html.unescape(text) for api, kind, text in _EXAMPLE.findall(page)}


@pytest.mark.parametrize("api_id", list(APIS))
def test_served_spec_lists_the_mock_first_then_the_published_servers(served, api_id):
    spec = httpx.get(f"{served.base}/__mock/{api_id}/openapi.json").json()
    published = load_bundled(APIS[api_id].spec_path)["servers"]
    assert spec["servers"][0]["url"] == served.base
    assert spec["servers"][1:] == published
    # The URL the browser used, not the bound address: another Host names another server.
    port = urlsplit(served.base).port
    via_localhost = httpx.get(f"{served.base}/__mock/{api_id}/openapi.json", headers={"Host": f"localhost:{port}"}).json()
    assert via_localhost["servers"][0]["url"] == f"http://localhost:{port}"


@pytest.mark.parametrize("api_id", list(APIS))
def test_ui_link_works_with_and_without_the_trailing_slash(served, api_id):
    redirect = httpx.get(f"{served.base}/__mock/{api_id}/ui")
    assert redirect.status_code == 308
    assert redirect.headers["Location"] == f"/__mock/{api_id}/ui/"
    assert "internal_error" not in redirect.text
    page = httpx.get(f"{served.base}/__mock/{api_id}/ui", follow_redirects=True)
    assert page.status_code == 200 and f"/__mock/{api_id}/openapi.json" in page.text
    assert "validatorUrl: null" in page.text  # the page sends the spec to no outside validator


@pytest.mark.parametrize("path", ["/nope", "/__mock/nope", "/api", "/favicon.ico"])
def test_404_outside_the_apis_names_the_served_apis(served, path):
    answer = httpx.get(served.base + path)
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    # Under /__mock/ the admin API's own envelope, {"error": message}; elsewhere the neutral one.
    message = error if path.startswith("/__mock/") else error["message"]
    for api in APIS.values():
        assert f"{api.id} under {api.base_path}/" in message
    browser = httpx.get(served.base + path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 404 and browser.headers["content-type"].startswith("text/html")
    assert "<a href='/'>" in browser.text and "orq under /v2/" in browser.text


def test_404_inside_an_api_keeps_that_apis_envelope(served):
    answer = httpx.get(f"{served.base}/api/v1/nope", headers={"Accept": "text/html"})
    assert answer.status_code == 404 and answer.json()["success"] is False


def test_landing_page_lists_apis_ui_links_credentials_and_admin_endpoints(served):
    page = httpx.get(served.base + "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for api_id in APIS:
        assert f"href='/__mock/{api_id}/ui/'" in page.text
        assert httpx.get(f"{served.base}/__mock/{api_id}/ui/").status_code == 200
    for folder in APIS:
        tenants = yaml.safe_load((FIXTURES_DIR / folder / "tenants.yaml").read_text())["tenants"]
        for tenant in tenants:
            for credential in tenant["credentials"]:
                assert html.escape(credential["token"]) in page.text
    assert "oag_demo_alice_expired_NOT_A_SECRET</code></td><td>refused (401)" in page.text
    assert "orq-demo-key-acme</code></td><td>accepted" in page.text
    for endpoint in ("/__mock/health", "/__mock/journal", "/__mock/reset", "/__mock/fixtures"):
        assert f"{served.base}{endpoint}" in page.text
    assert set(examples(page.text)) == {(api, kind) for api in APIS for kind in ("list", "edit")}


@pytest.mark.parametrize("api_id", list(APIS))
def test_landing_page_list_example_answers_200(served, api_id):
    command = examples(httpx.get(served.base + "/").text)[api_id, "list"]
    words = shlex.split(command)
    url, token = words[-1], words[words.index("-H") + 1].removeprefix("Authorization: ")
    assert url.startswith(served.base + APIS[api_id].base_path)
    expected = httpx.get(url, headers={"Authorization": token})
    assert expected.status_code == 200, expected.text
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected.json()


@pytest.mark.skipif(shutil.which("curl") is None, reason="the examples are curl commands")
@pytest.mark.parametrize("api_id", list(APIS))
def test_landing_page_edit_example_adds_changes_and_removes_a_task(served, api_id):
    command = examples(httpx.get(served.base + "/").text)[api_id, "edit"]
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", command], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    patched, deleted = done.stdout.strip().splitlines()
    assert "error" not in json.loads(patched), patched
    assert deleted == "204"


def test_landing_page_shows_the_loaded_worlds_credentials(served, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(FIXTURES_DIR, world)
    tenants = world / "orq" / "tenants.yaml"
    tenants.write_text(tenants.read_text().replace("orq-demo-key-globex", "orq-other-key-globex"))
    try:
        assert httpx.post(f"{served.base}/__mock/fixtures", json={"path": str(world)}, timeout=120).status_code == 200
        page = httpx.get(served.base + "/").text
        assert "orq-other-key-globex" in page and "orq-demo-key-globex" not in page
        assert html.escape(str(world)) in page
    finally:
        assert httpx.post(f"{served.base}/__mock/fixtures", json={"path": str(FIXTURES_DIR)}, timeout=120).status_code == 200


@pytest.mark.parametrize("method, path", [("GET", "/__mock/nope/openapi.json"), ("GET", "/__mock/nope/ui/"),
                                          ("POST", "/__mock/nope/tasks"), ("DELETE", "/__mock/nope/tasks/x")])
def test_an_api_not_served_is_a_404_naming_the_served_ones(served, method, path):
    answer = httpx.request(method, served.base + path, json={})
    assert answer.status_code == 404 and "served: beeos, orq, org" in answer.json()["error"]
