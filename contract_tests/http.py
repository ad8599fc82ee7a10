"""An httpx client that keeps every exchange, so any failure can be replayed with one curl command."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import httpx

from contract_tests.options import BODY_CHARS, EXPIRED_TOKEN_ENV, OTHER_TOKEN_ENV, REQUEST_TIMEOUT_S, TOKEN_ENV

Query = Sequence[tuple[str, str]]

_OWN = object()
"""Marker: send the caller's own credentials (the default of `Client.get`)."""


@dataclass(frozen=True)
class Exchange:
    """One request and its response, as the server saw and answered it."""

    method: str
    url: str
    request_headers: Mapping[str, str]
    status: int
    headers: Mapping[str, str] = field(repr=False)
    """Response headers, names in lower case."""
    text: str = field(repr=False)
    shown_headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Request headers as a curl command shows them: shell words that rebuild a forged credential
    from `${AGENT_TASKS_TOKEN}` instead of printing it (it holds most of the secret)."""

    @property
    def json(self) -> Any:
        """The decoded JSON body, or None when the body is not JSON."""
        try:
            return json.loads(self.text)
        except ValueError:
            return None

    def summary(self, limit: int = BODY_CHARS) -> str:
        """`<status> <body>`, the body cut to `limit` characters: what a failure line shows."""
        body = " ".join(self.text.split())
        return f"{self.status} {body[:limit]}{'…' if len(body) > limit else ''}"


def curl(method: str, url: str, headers: Mapping[str, str], secrets: Mapping[str, str], shown: Mapping[str, str] = {}) -> str:
    """A curl command replaying a request; known secrets become shell variables (`${AGENT_TASKS_TOKEN}`)."""
    parts = ["curl", "-sS", "-i"] + ([] if method == "GET" else ["-X", method]) + [shlex.quote(url)]
    for name, value in headers.items():
        if name in shown:
            parts += ["-H", f'"{name}: {shown[name]}"']
        elif name.lower() not in ("host", "content-length", "accept-encoding", "connection", "user-agent", "accept"):
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    return hide_secrets(" ".join(parts), secrets)


def hide_secrets(command: str, secrets: Mapping[str, str]) -> str:
    """Replace each secret in a shell command by its variable, re-quoting `'…'` so the shell expands it."""
    for secret, var in secrets.items():
        if not secret:
            continue
        for quoted in set(re.findall(r"'[^']*'", command)):
            if secret in quoted:
                command = command.replace(quoted, '"' + quoted[1:-1].replace(secret, "${" + var + "}") + '"')
        command = command.replace(secret, "${" + var + "}")
    return command


class Client:
    """GET requests against one base URL with a bearer token, counting what it sends."""

    def __init__(self, base_url: str, token: str, *, other_token: str | None = None, expired_token: str | None = None, timeout: float = REQUEST_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.secrets = {token: TOKEN_ENV, **({other_token: OTHER_TOKEN_ENV} if other_token else {}), **({expired_token: EXPIRED_TOKEN_ENV} if expired_token else {})}
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self.requests = 0

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, query: Query = (), *, token: Any = _OWN, authorization: str | None = None, shown: str | None = None) -> Exchange:
        """GET `path?query`; `token=None` sends no credentials, `authorization=` sends that header verbatim
        (`shown` is how a curl command writes it, for a header derived from a secret)."""
        headers: dict[str, str] = {}
        if authorization is not None:
            headers["Authorization"] = authorization
        elif token is not None:
            headers["Authorization"] = f"Bearer {self.token if token is _OWN else token}"
        request = self._http.build_request("GET", self.base_url + path, params=list(query), headers=headers)
        self.requests += 1
        response = self._http.send(request)
        return Exchange(
            method="GET",
            url=str(request.url),
            request_headers=headers,
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            text=response.text,
            shown_headers={"Authorization": shown} if shown is not None else {},
        )

    def curl(self, exchange: Exchange) -> str:
        """The curl command that replays `exchange`, credentials named by their variables."""
        return curl(exchange.method, exchange.url, exchange.request_headers, self.secrets, exchange.shown_headers)
