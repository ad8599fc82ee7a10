"""A real headless Chromium: the landing page, then each API's Swagger UI, Authorize with a demo
token, "Try it out" -> Execute on the list operation, and a 200 from this mock.

Driven by Playwright (from PyPI) with Debian's `chromium` (scripts/install-chromium), never a
browser Playwright downloads. On failure the test saves a screenshot under its tmp_path and
prints the path.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import shutil
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from agent_tasks.apis import APIS
from tests.ui.test_served import examples

INSTALL = "bash scripts/install-chromium   (apt-get update && apt-get install -y --no-install-recommends chromium)"
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail(f"chromium is not installed; the browser tests need it. Install it with:\n    {INSTALL}")
    expect.set_options(timeout=30_000)  # Swagger UI renders slowly on a loaded 2-core machine
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def screenshot_on_failure(page: Page, png: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(png), full_page=True)
            print(f"screenshot of the failing page: {png}")
        raise


def test_landing_page_in_a_browser(served, browser, tmp_path):
    page = browser.new_page()
    with screenshot_on_failure(page, tmp_path / "landing.png"):
        page.goto(served.base + "/")
        expect(page).to_have_title("agent-tasks mock")
        for api_id in APIS:
            expect(page.locator(f"a.ui[href='/__mock/{api_id}/ui/']")).to_be_visible()
        expect(page.locator("code.token", has_text="orq-demo-key-acme").first).to_be_visible()
        page.locator("a.ui[href='/__mock/org/ui/']").click()
        expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=30_000)
        assert page.url == f"{served.base}/__mock/org/ui/"
    page.close()


@pytest.mark.parametrize("api_id", list(APIS))
def test_swagger_ui_try_it_out_reaches_the_mock(served, browser, tmp_path, api_id):
    url, token = _list_example(served.base, api_id)
    spec = httpx.get(f"{served.base}/__mock/{api_id}/openapi.json").json()
    path = url.removeprefix(served.base).split("?")[0]
    template, values = next((t, v) for t, item in spec["paths"].items() if "get" in item and (v := _path_values(t, path)) is not None)

    page = browser.new_page()
    with screenshot_on_failure(page, tmp_path / f"{api_id}.png"):
        page.goto(f"{served.base}/__mock/{api_id}/ui")  # without the slash: the redirect is followed
        servers = page.locator(".servers select")
        expect(servers).to_have_value(served.base, timeout=30_000)  # the mock is the default server

        page.locator(".auth-wrapper button.authorize").click()
        modal = page.locator(".modal-ux")
        modal.locator("input").first.fill(token)
        modal.locator("button.authorize").click()
        modal.locator("button.btn-done").click()

        operation = page.locator(".opblock-get", has=page.locator(f".opblock-summary-path[data-path='{template}']"))
        operation.locator(".opblock-summary").first.click()
        operation.locator("button.try-out__btn").click()
        for name, value in values.items():
            operation.locator(f"tr[data-param-name='{name}'] input").fill(value)
        with page.expect_response(lambda r: r.request.method == "GET" and r.url.startswith(served.base + "/" + template.split("/")[1])) as answer:
            operation.locator("button.execute").click()
        assert answer.value.status == 200, answer.value.text()
        assert answer.value.request.headers["authorization"] == f"Bearer {token}"
        expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
        request_url = operation.locator(".request-url pre").first.inner_text()
        assert request_url.startswith(served.base), request_url
    page.close()
    # The request log names the page's request and its tenant.
    path = answer.value.url.removeprefix(served.base)
    line = served.wait_for_line(f"GET {path} 200 ")
    assert "tenant=" in line, line


def _list_example(base: str, api_id: str) -> tuple[str, str]:
    """(URL, token) of the landing page's list example for `api_id`."""
    words = shlex.split(examples(httpx.get(base + "/").text)[api_id, "list"])
    return words[-1], words[words.index("-H") + 1].removeprefix("Authorization: Bearer ")


def _path_values(template: str, path: str) -> dict[str, str] | None:
    """The path parameters of `path` as `template` names them, or None if `path` is not of `template`."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    match = re.fullmatch(pattern, path)
    return match.groupdict() if match else None
