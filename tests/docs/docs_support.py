"""Helpers of the docs tests: run the CLI, render a page in headless Chromium offline, read its DOM."""

from __future__ import annotations

import argparse
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from agent_tasks.docs import cli

INSTALL = "bash scripts/install-chromium   (apt-get update && apt-get install -y --no-install-recommends chromium)"
DEMO_SPEC = Path(__file__).parent / "demo_spec" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def run_cli(*argv: str) -> int:
    """Run `agent-tasks docs|bundle ARGV` through the parser `agent_tasks.docs.cli` adds."""
    parser = argparse.ArgumentParser(prog="agent-tasks")
    cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


class Chromium:
    """Runs the `chromium` binary headless with no network, profile or background services."""

    def __init__(self, binary: str, profile: Path) -> None:
        self.binary = binary
        self.profile = profile

    def _run(self, page: Path, *extra: str) -> str:
        command = [
            self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            # Containers (CI) mount a small /dev/shm that a 1 MB page can exhaust.
            "--disable-dev-shm-usage",
            f"--user-data-dir={self.profile}", "--virtual-time-budget=10000",
            # Every host name fails to resolve: the page must render from the file alone.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            *extra, page.resolve().as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-3000:]}"
        return done.stdout

    def dom(self, page: Path) -> str:
        """The page's DOM after its scripts ran, serialised as HTML."""
        return self._run(page, "--dump-dom")

    def screenshot(self, page: Path, png: Path) -> None:
        """A 1280x2000 PNG of the rendered page."""
        self._run(page, f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars")


class RenderedOperations(HTMLParser):
    """The operations Swagger UI rendered: (METHOD, path, operationId) per opblock, plus errors.

    Only elements Swagger UI's JavaScript creates are read; the inline script's text (which
    mentions the same class names) is script data, never parsed as tags.
    """

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.operations: list[tuple[str, str, str]] = []
        self.error_blocks = 0
        self._method = self._path = ""
        self._in_operation_id = False
        self.feed(dom)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "opblock" in classes:  # <div class="opblock opblock-get" ...>
            methods = [c.removeprefix("opblock-") for c in classes]
            self._method = next((m for m in methods if m in METHODS), "")
        if "opblock-summary-path" in classes:
            self._path = attributes.get("data-path") or ""
        self._in_operation_id = "opblock-summary-operation-id" in classes
        if "errors-wrapper" in classes:
            self.error_blocks += 1

    def handle_data(self, data: str) -> None:
        if self._in_operation_id:
            self.operations.append((self._method.upper(), self._path, data.strip()))
            self._in_operation_id = False


def documented_operations(spec: dict) -> set[tuple[str, str, str]]:
    """(METHOD, path, operationId) of every operation in a spec."""
    return {
        (method.upper(), path, operation.get("operationId", ""))
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }
