"""ASGI middleware that records every API request (method, path, query, status) in the Store.

`Store.record` only queues the entry (mock/core/journal_queue.py): no I/O on the event loop.
"""

from __future__ import annotations

from mock.core.store import Store


class JournalMiddleware:
    def __init__(self, app, *, store: Store, keep: int) -> None:
        self.app, self.store, self.keep = app, store, keep

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/__mock"):
            return await self.app(scope, receive, send)
        status = 0

        async def send_and_note(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            self.store.record(scope["method"], scope["path"], query, status or 500, keep=self.keep)
