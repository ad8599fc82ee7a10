"""Document rules: info and tag descriptions, contact, and servers a client can actually call."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

from agent_tasks.lint.documents import Node
from agent_tasks.lint.problem import Problem
from agent_tasks.lint.walk import Spec

_VARIABLE = re.compile(r"\{([^{}]+)\}")


def _text(node: Node | None, key: str) -> bool:
    value = node.value.get(key) if node is not None and isinstance(node.value, dict) else None
    return isinstance(value, str) and bool(value.strip())


def check_info(spec: Spec) -> Iterator[Problem]:
    """info-description, info-contact and tag-description."""
    info = spec.root.get("info")
    where = info if info is not None else spec.root
    info = info if info is not None and isinstance(info.value, dict) else None
    if not _text(info, "description"):
        yield spec.problem("info-description", where, "info has no description")
    if info is None or not isinstance(info.value.get("contact"), dict):
        yield spec.problem("info-contact", where, "info has no contact")
    tags = spec.root.get("tags")
    for _, tag in tags.items() if tags is not None else ():
        if isinstance(tag.value, dict) and not _text(tag, "description"):
            yield spec.problem("tag-description", tag, f"tag {tag.value.get('name')!r} has no description")


def _server_problems(url: str, variables: dict) -> Iterator[str]:
    for name in _VARIABLE.findall(url):
        if name not in variables:
            yield f"server url {url!r} uses {{{name}}} but defines no such variable"
    concrete = _VARIABLE.sub(lambda m: str((variables.get(m[1]) or {}).get("default", "x")), url)
    parts = urlsplit(concrete)
    # A relative URL (a path) is valid OpenAPI: it is resolved against where the document is served.
    if not concrete.startswith("/") and (parts.scheme not in ("http", "https") or not parts.netloc):
        yield f"server url {url!r} is neither an absolute http(s) URL nor a path"
    if concrete.endswith("/") and concrete != "/":
        yield f"server url {url!r} ends with '/', so every request path would start with '//'"


def check_servers(spec: Spec) -> Iterator[Problem]:
    """oas3-api-servers: at least one server, each an http(s) URL (or path) with its variables defined."""
    servers = spec.root.get("servers")
    if servers is None or not isinstance(servers.value, list) or not servers.value:
        yield spec.problem("oas3-api-servers", servers or spec.root, "no servers: clients cannot tell where the API is")
        return
    for _, server in servers.items():
        url = server.value.get("url") if isinstance(server.value, dict) else None
        if not isinstance(url, str) or not url:
            yield spec.problem("oas3-api-servers", server, "server has no url")
            continue
        variables = server.value.get("variables")
        for message in _server_problems(url, variables if isinstance(variables, dict) else {}):
            yield spec.problem("oas3-api-servers", server["url"], message)


CHECKS = (check_info, check_servers)
