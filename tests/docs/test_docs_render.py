"""`agent-tasks docs`: each page renders every operation in a real browser, offline, from disk."""

from __future__ import annotations

import json
import re
import struct
from html.parser import HTMLParser

import pytest
from docs_support import DEMO_SPEC, RenderedOperations, documented_operations, run_cli

from agent_tasks.apis import APIS
from agent_tasks.docs.render import script_json, write_docs
from agent_tasks.specs import load_bundled


@pytest.fixture(scope="module")
def real_docs(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    assert run_cli("docs", "--out", str(out)) == 0
    return out


def test_script_json_cannot_close_or_comment_out_its_script():
    value = {"a": "</script><!-- x & y -->", "</SCRIPT>": ["<b>"]}
    text = script_json(value)
    assert not re.search(r"[<>&]", text)
    assert json.loads(text) == value


class Links(HTMLParser):
    """Every src/href of a page's elements (script text is data, so its strings are not counted)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.urls = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href")]


def test_demo_page_is_self_contained(tmp_path):
    page = write_docs(tmp_path, {"demo": DEMO_SPEC})[0]
    html = page.read_text(encoding="utf-8")
    # Every asset is inline: the one link is back to the index.
    assert Links(html).urls == ["index.html"]
    assert "sourceMappingURL" not in html
    # The only `</script` sequences are the two closing tags of the two inline scripts.
    assert len(re.findall(r"</script", html, re.IGNORECASE)) == 2


def test_demo_page_renders_every_operation(chromium, tmp_path):
    page = write_docs(tmp_path, {"demo": DEMO_SPEC})[0]
    rendered = RenderedOperations(chromium.dom(page))
    assert rendered.error_blocks == 0
    assert sorted(rendered.operations) == sorted(
        [
            ("GET", "/demo/items", "listItems"),
            ("POST", "/demo/items", "createItem"),
            ("GET", "/demo/items/{itemId}", "getItem"),
            ("DELETE", "/demo/items/{itemId}", "deleteItem"),
            ("GET", "/demo/tree", "getTree"),
        ]
    )


@pytest.mark.parametrize("api", APIS.values(), ids=list(APIS))
def test_api_page_renders_every_operation(api, chromium, real_docs):
    rendered = RenderedOperations(chromium.dom(real_docs / f"{api.id}.html"))
    assert rendered.error_blocks == 0, f"Swagger UI reported errors for {api.id}"
    expected = documented_operations(load_bundled(api.spec_path))
    assert expected, f"{api.spec_path} has no operation"
    # An operation with several tags is shown once per tag: compare the sets.
    assert set(rendered.operations) == expected


def test_index_links_every_api(real_docs):
    index = (real_docs / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index)
    assert links == [(f"{api.id}.html", load_bundled(api.spec_path)["info"]["title"]) for api in APIS.values()]
    assert all((real_docs / href).is_file() for href, _ in links)


def test_screenshot_of_a_page_is_not_blank(chromium, real_docs, tmp_path):
    png = tmp_path / "beeos.png"
    chromium.screenshot(real_docs / "beeos.html", png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 2000)
    # A blank 1280x2000 page compresses to a few KB; rendered text and colour take far more.
    assert len(data) > 50_000, len(data)
