"""What a driver counts and reports: calls, pages, tasks parsed, errors answered as documented, failures.

Every driver goes through `Tally.page` (a call that must answer 200 and parse in the client's
own models) or `Tally.error` (a call that must answer a documented error the client raises as
its typed error). Adapters raise `Failure` for a response the client could not parse or lost
data from, and `ApiError` for an HTTP error; the tally turns both into counted failures with a
short reason naming the field and the request. Standard library only.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable


class Failure(Exception):
    """A 2xx response the client could not parse, or parsed while dropping data; the text names the field."""


class CannotForm(Exception):
    """The client refuses to send this request (a typed enum, a missing parameter); not an HTTP answer."""


@dataclass
class ApiError(Exception):
    """An HTTP error status as the client surfaced it."""

    status: int
    code: str | None = None
    """The machine code (BeeOS `error.code`) or message the client's typed error model carried."""
    typed: bool = True
    """False when the client did not parse the body into its error model (status undocumented for it)."""
    body: str = ""

    def __str__(self) -> str:
        untyped = "" if self.typed else " (body not parsed into the client's error model)"
        return f"HTTP {self.status}{untyped}: {self.body[:160]}"


@dataclass
class Page:
    """One 200 response as the client parsed it."""

    ids: list[str]
    """Ids of the task objects parsed on the page (orq/BeeOS/org `tasks`)."""
    next: str | None = None
    """BeeOS `next_since` (falsy at the end)."""
    total: float | None = None
    """orq `overall_total`; org `count`."""
    keys: frozenset[str] = frozenset()
    """The typed top-level fields the client filled (org's shape check)."""
    task_ids: list[str] = field(default_factory=list)
    """org `taskIds`."""


@dataclass
class Tally:
    client: str
    calls: int = 0
    pages: int = 0
    tasks: int = 0
    errors: int = 0
    skipped: int = 0
    """Error cases the client cannot form (it refuses the bad value before sending)."""
    failures: int = 0
    reasons: dict[str, dict[str, Any]] = field(default_factory=dict)

    def fail(self, request: str, reason: str) -> None:
        self.failures += 1
        entry = self.reasons.setdefault(reason, {"count": 0, "request": request})
        entry["count"] += 1

    def page(self, request: str, fetch: Callable[[], Page]) -> Page | None:
        """One call that must answer 200 and parse; None (and a failure) otherwise."""
        self.calls += 1
        try:
            page = fetch()
        except Failure as exc:
            self.fail(request, f"response not parsed: {exc}")
            return None
        except ApiError as exc:
            self.fail(request, f"request rejected: {exc}")
            return None
        except CannotForm as exc:
            self.fail(request, f"the client cannot send it: {exc}")
            return None
        except Exception as exc:  # the client raised something else: also a failure, never a crash
            self.fail(request, f"client raised {type(exc).__name__}: {_short(exc)}")
            return None
        self.pages += 1
        self.tasks += len(page.ids)
        return page

    def error(self, request: str, fetch: Callable[[], Page], status: int, codes: Iterable[str] | None = None) -> None:
        """One call that must answer `status` with a typed error (and one of `codes`, when given)."""
        self.calls += 1
        codes = set(codes) if codes is not None else None
        try:
            fetch()
        except ApiError as exc:
            if exc.status != status:
                self.fail(request, f"expected HTTP {status}, got {exc}")
            elif not exc.typed:
                self.fail(request, f"HTTP {status} not parsed as the client's error type: {exc}")
            elif codes is not None and exc.code not in codes:
                self.fail(request, f"HTTP {status} code {exc.code!r} is not a published one ({', '.join(sorted(codes))})")
            else:
                self.errors += 1
            return
        except Failure as exc:
            self.fail(request, f"expected HTTP {status}; error body not parsed: {exc}")
            return
        except CannotForm:
            self.calls -= 1
            self.skipped += 1
            return
        except Exception as exc:
            self.fail(request, f"expected HTTP {status}; client raised {type(exc).__name__}: {_short(exc)}")
            return
        self.fail(request, f"expected HTTP {status}, got 200")

    def summary(self) -> dict[str, Any]:
        reasons = sorted(self.reasons.items(), key=lambda item: -item[1]["count"])
        return {
            "client": self.client, "calls": self.calls, "pages": self.pages, "tasks": self.tasks,
            "errors": self.errors, "skipped": self.skipped, "failures": self.failures,
            "reasons": [{"reason": r, **v} for r, v in reasons[:25]],
            "distinct_reasons": len(reasons),
        }


def _short(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pydantic_reason(exc: BaseException) -> str:
    """A pydantic ValidationError as `tasks[].field: message; …` (distinct fields, first three), else its text."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return _short(exc)
    seen: dict[str, None] = {}
    for error in errors():
        loc = "".join("[]" if isinstance(p, int) else f".{p}" for p in error.get("loc", ())).lstrip(".")
        seen.setdefault(f"{loc}: {error.get('msg', '')}", None)
    parts = list(seen)
    return "; ".join(parts[:3]) + (f" (+{len(parts) - 3} more)" if len(parts) > 3 else "")


def dropped_keys(raw: Any, dumped: Any, path: str = "") -> list[tuple[str, Any]]:
    """(path, raw value) of every key in the raw JSON that a model's own serialization lacks."""
    found: list[tuple[str, Any]] = []
    if isinstance(raw, dict) and isinstance(dumped, dict):
        for key, value in raw.items():
            where = f"{path}.{key}" if path else key
            if key not in dumped:
                found.append((where, value))
            else:
                found += dropped_keys(value, dumped[key], where)
    elif isinstance(raw, list) and isinstance(dumped, list):
        for a, b in zip(raw, dumped):
            found += dropped_keys(a, b, f"{path}[]")
    return found


def query(**params: Any) -> str:
    """`?a=1&b=x` of the parameters that are not None (what a client sends), for failure reports."""
    sent = [f"{k}={v}" for k, v in params.items() if v is not None]
    return "?" + "&".join(sent) if sent else ""


def main(client: str, run: Callable[[dict[str, Any], Tally], None]) -> int:
    """A driver's entry point: the plan (JSON) from argv[1], the summary (JSON) on stdout."""
    with open(sys.argv[1], encoding="utf-8") as handle:
        plan = json.load(handle)
    tally = Tally(client)
    run(plan, tally)
    print(json.dumps(tally.summary()))
    return 0
