"""The request log: one line per request on stdout, as Prism prints one, so a developer sees what
the page sent and why it got its answer.

A line holds the time, method, path and query, status, milliseconds, the `Prefer` override the
mock applied (its `Preference-Applied` header), the tenant the credentials belong to, and for an
error the message of the error body. `text` lines are coloured by rich when stdout is a terminal
(rich also honours NO_COLOR, FORCE_COLOR and TERM=dumb); elsewhere they are plain. `json` writes one
JSON object a line for tools. The line is written after the response is sent, so a slow terminal
delays no answer; each is one write() of under 4 KiB, so forked workers never interleave lines.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Any, Callable

import orjson

from mock.core.options import LOG_FORMATS

NOTE = "agent_tasks.request_log"
"""Scope key of the dict the log shares with the layers that know the tenant (the scope itself may
be copied on the way down; the dict it holds is the same object)."""
_ERROR_BODY_KEEP = 4096
_STATUS_STYLES = {2: "green", 3: "cyan", 4: "yellow", 5: "bold red"}


def note_tenant(scope: dict, tenant: str) -> None:
    """Tell the request log which tenant the request's credentials belong to (no-op when it is off)."""
    note = scope.get(NOTE)
    if note is not None:
        note["tenant"] = tenant


class RequestLog:
    """ASGI middleware: after each HTTP request, write its line with `write(entry)`."""

    def __init__(self, app, *, format: str, stream: IO[str] | None = None) -> None:
        if format not in LOG_FORMATS:
            raise ValueError(f"log format {format!r}; one of {', '.join(LOG_FORMATS)}")
        self.app = app
        self.write = (text_writer if format == "text" else json_writer)(stream or sys.stdout)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        note: dict[str, Any] = {}
        scope[NOTE] = note
        status, applied, error = 500, None, bytearray()

        async def send_and_note(message):
            nonlocal status, applied
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", ()):
                    if name.lower() == b"preference-applied":
                        applied = value.decode("latin-1")
            elif status >= 400 and len(error) < _ERROR_BODY_KEEP:
                error.extend(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            self.log(scope, status, started, applied, note.get("tenant"), bytes(error))

    def log(self, scope, status: int, started: float, applied: str | None, tenant: str | None, error: bytes) -> None:
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            self.write({
                "time": time.time(),
                "method": scope["method"],
                "path": scope["path"],
                "query": query,
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 2),
                "prefer": applied,
                "tenant": tenant,
                "error": error_message(error) if status >= 400 else None,
            })
        except OSError as exc:  # e.g. `agent-tasks mock | head`: the reader went away; serving goes on
            self.write = lambda entry: None
            print(f"agent-tasks mock: request log stopped: {exc}", file=sys.stderr, flush=True)


def error_message(body: bytes) -> str | None:
    """The message of an error body in any of the mock's envelopes, else None."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    for candidate in (data.get("error"), data) if isinstance(data, dict) else ():
        if isinstance(candidate, str):
            return candidate
        if isinstance(candidate, dict) and isinstance(candidate.get("message"), str):
            return candidate["message"]
    return None


def _clock(epoch: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(epoch)) + f".{int(epoch * 1000) % 1000:03d}"


def _wants_colour(stream: IO[str]) -> bool:
    """Whether rich could colour `stream`: a terminal, or a colour forced by rich's variables."""
    isatty = getattr(stream, "isatty", None)
    return bool((isatty and isatty()) or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1")


def text_writer(stream: IO[str]) -> Callable[[dict], None]:
    """Writes `12:00:01.234 GET /api/v1/tasks?limit=2 200 0.61 ms tenant=… prefer=… error="…"`."""
    coloured = _wants_colour(stream)
    if coloured:
        from rich.console import Console  # ~45 ms of imports, paid only where colour may be shown
        from rich.text import Text

        console = Console(file=stream, soft_wrap=True, highlight=False, markup=False, emoji=False)
        coloured = console.color_system is not None  # rich's decision: NO_COLOR, TERM=dumb, ...

    def write(entry: dict) -> None:
        target = entry["path"] + ("?" + entry["query"] if entry["query"] else "")
        extras = [f"{key}={entry[key]}" for key in ("tenant", "prefer") if entry[key]]
        if entry["error"]:
            extras.append(f"error={orjson.dumps(entry['error']).decode()}")
        if not coloured:  # rich would only add cost: the plain line, in one write
            parts = (_clock(entry["time"]), entry["method"], target, str(entry["status"]), f"{entry['ms']} ms", *extras)
            stream.write(" ".join(parts) + "\n")
            stream.flush()
            return
        line = Text.assemble(
            (_clock(entry["time"]), "dim"), " ", (entry["method"], "bold"), " ", target, " ",
            (str(entry["status"]), _STATUS_STYLES.get(entry["status"] // 100, "")), " ", (f"{entry['ms']} ms", "dim"),
        )
        for extra in extras:
            line.append(" ")
            line.append(extra, "magenta" if extra.startswith("prefer=") else "red" if extra.startswith("error=") else "blue")
        console.print(line)
        stream.flush()

    return write


def json_writer(stream: IO[str]) -> Callable[[dict], None]:
    """Writes one JSON object a line: time (ISO 8601 UTC), method, path, query, status, ms, prefer, tenant, error."""

    def write(entry: dict) -> None:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(entry["time"])) + f".{int(entry['time'] * 1000) % 1000:03d}Z"
        stream.write(orjson.dumps({**entry, "time": stamp}).decode() + "\n")
        stream.flush()

    return write
