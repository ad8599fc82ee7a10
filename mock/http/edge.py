"""ASGI limits at the mock's edge: header size, request bodies read with a time and size limit, delays.

- uvicorn's httptools parser takes headers of any size: more than `max_header_bytes` is a 431.
- A body is read here, whole, within `body_timeout_s` and `max_body_bytes` (408 / 413), before any
  handler runs: a client that declares 1 MB and sends 2 bytes now waits alone on the event loop,
  instead of holding a handler thread (and, once, SQLite's write lock) while the body trickles in.
- `Prefer: delay` is decided by the handler (after auth and validation; it says so in
  `Preference-Applied`) and waited for here with asyncio.sleep, so a delayed answer occupies no
  worker thread.
Every refusal is in the API's (or the admin API's) error envelope and closes the connection.
"""

from __future__ import annotations

import asyncio
import re

from mock.core.options import Options
from mock.http.envelopes import error_parts

_BODY_HEADERS = (b"content-length", b"transfer-encoding")
_DELAY = re.compile(rb"(?:^|[,\s])delay=([0-9]{1,9})(?:$|[,;\s])")


async def send_error(send, path: str, status: int, message: str, extra=(), *, body: dict | None = None) -> None:
    """Send an error in the envelope of the API `path` belongs to, closing the connection."""
    data, headers = error_parts(path, status, message, body=body)
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    raw += [*extra, (b"content-length", b"%d" % len(data)), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})


class Limits:
    """Header size, body size and body time limits for every HTTP request."""

    def __init__(self, app, *, options: Options) -> None:
        self.app, self.options = app, options

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path, declared, has_body, size = scope["path"], None, False, 0
        for name, value in scope["headers"]:
            size += len(name) + len(value) + 4
            if name in _BODY_HEADERS:
                has_body = True
                if name == b"content-length":
                    declared = int(value) if value.isdigit() else -1
        if size > self.options.max_header_bytes:
            return await send_error(send, path, 431, f"request headers too large: {size} bytes, at most {self.options.max_header_bytes}")
        if not has_body or declared == 0:
            return await self.app(scope, receive, send)
        limit = self.options.max_body_bytes
        if declared is not None and declared > limit:
            return await send_error(send, path, 413, f"request body too large: {declared} bytes, at most {limit}")
        try:
            body = await asyncio.wait_for(_read_body(receive, limit), self.options.body_timeout_s)
        except asyncio.TimeoutError:
            return await send_error(send, path, 408, f"the request body did not arrive within {self.options.body_timeout_s:g} s")
        except _TooLarge:
            return await send_error(send, path, 413, f"request body too large: more than {limit} bytes")
        except _Disconnected:
            return None
        return await self.app(scope, _replay(body, receive), send)


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


async def _read_body(receive, limit: int) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive):
    sent = False

    async def replayed():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would

    return replayed


class PreferDelay:
    """Wait, without a thread, for the delay the handler applied (`Preference-Applied: delay=MS`)."""

    def __init__(self, app, *, options: Options) -> None:
        self.app, self.max_s = app, options.max_delay_ms / 1000

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not any(name == b"prefer" for name, _ in scope["headers"]):
            return await self.app(scope, receive, send)

        async def delayed(message):
            if message["type"] == "http.response.start":
                for name, value in message.get("headers", ()):
                    match = _DELAY.search(value) if name.lower() == b"preference-applied" else None
                    if match:
                        await asyncio.sleep(min(int(match.group(1)) / 1000, self.max_s))
            await send(message)

        await self.app(scope, receive, delayed)
