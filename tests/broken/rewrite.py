"""An ASGI wrapper that breaks the real mock on purpose: a bug is a function of the request and of `forward`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl, urlencode


@dataclass(frozen=True)
class Request:
    """What the broken server received, as a value a bug can rewrite."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str] = field(hash=False)
    """Names in lower case."""

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.query if key == name), None)

    def with_param(self, name: str, value: str | None) -> "Request":
        """This request with `name` set to `value` (or removed when None), the other parameters kept in order."""
        kept = tuple((k, v) for k, v in self.query if k != name)
        return replace(self, query=kept + (((name, value),) if value is not None else ()))

    def with_header(self, name: str, value: str | None) -> "Request":
        headers = {k: v for k, v in self.headers.items() if k != name.lower()}
        return replace(self, headers=headers | ({name.lower(): value} if value is not None else {}))

    @property
    def token(self) -> str | None:
        value = self.headers.get("authorization", "")
        return value[7:] if value.startswith("Bearer ") else None


@dataclass(frozen=True)
class Response:
    """What the mock answered, as a value a bug can rewrite."""

    status: int
    headers: dict[str, str]
    """Names in lower case."""
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def with_json(self, data: Any, status: int | None = None) -> "Response":
        body = json.dumps(data).encode()
        headers = self.headers | {"content-type": "application/json", "content-length": str(len(body))}
        return Response(self.status if status is None else status, headers, body)

    def without_header(self, name: str) -> "Response":
        return replace(self, headers={k: v for k, v in self.headers.items() if k != name.lower()})


Forward = Callable[[Request], Awaitable[Response]]
Bug = Callable[[Request, Forward], Awaitable[Response]]


class BrokenServer:
    """ASGI app: every HTTP request goes through `bug(request, forward)`; `forward` asks the real mock."""

    def __init__(self, app, bug: Bug | None = None) -> None:
        self.app, self.bug = app, bug

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.bug is None:
            return await self.app(scope, receive, send)
        request = Request(
            method=scope["method"],
            path=scope["path"],
            query=tuple(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)),
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]},
        )

        async def forward(req: Request) -> Response:
            return await self._call(scope, req)

        response = await self.bug(request, forward)
        await send({"type": "http.response.start", "status": response.status, "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.items()]})
        await send({"type": "http.response.body", "body": response.body})

    async def _call(self, scope, req: Request) -> Response:
        inner = dict(scope)
        inner.update(
            method=req.method,
            path=req.path,
            raw_path=req.path.encode(),
            query_string=urlencode(req.query).encode(),
            headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in req.headers.items()],
        )
        status, headers, chunks = 500, {}, []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in message.get("headers", [])}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, send)
        return Response(status, headers, b"".join(chunks))


def tenant_leak(tokens) -> Bug:
    """A request the caller's tenant cannot answer (404) is answered with another tenant's credentials."""
    async def bug(req: Request, forward: Forward) -> Response:
        res = await forward(req)
        if res.status == 404:
            leaked = await forward(req.with_header("Authorization", f"Bearer {tokens.theirs}"))
            return leaked if leaked.status == 200 else res
        return res
    return bug


def existence_oracle(tokens, body: dict, *, status: int = 404) -> Bug:
    """A 404 for what another tenant has becomes `body` (and `status`): the answer says it exists."""
    async def bug(req: Request, forward: Forward) -> Response:
        res = await forward(req)
        if res.status == 404:
            elsewhere = await forward(req.with_header("Authorization", f"Bearer {tokens.theirs}"))
            if elsewhere.status == 200:
                return res.with_json(body, status=status)
        return res
    return bug
