"""Domain errors: raised by API logic, mapped to each API's HTTP error envelope at the edge."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain reports to a client; `code` is the envelope's error code."""

    status = 400
    code = "invalid_request"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidRequest(DomainError):
    status = 400
    code = "invalid_request"


class Unauthenticated(DomainError):
    """Missing, malformed, unknown, expired or forged credentials (HTTP 401)."""

    status = 401
    code = "unauthorized"


class NotFound(DomainError):
    """The resource does not exist *for this tenant* (another tenant's looks exactly the same)."""

    status = 404
    code = "not_found"


class FixtureError(Exception):
    """A fixture record that breaks the spec or the world's rules; names file, record and field."""

    def __init__(self, file: str, record: str, field: str, problem: str) -> None:
        self.file, self.record, self.field, self.problem = file, record, field, problem
        super().__init__(f"{file}: record {record}: field {field!r}: {problem}")


class StartupFailed(Exception):
    """Start-up work done in another process failed; the message is already its one-line problem."""


def startup_problem(exc: Exception) -> str:
    """One line for a world or spec the mock cannot start from: no traceback, the file (and record) named."""
    if isinstance(exc, (FixtureError, OSError, StartupFailed)):
        return str(exc)
    # Connexion and the YAML parser each have their own error types; their first line names the file.
    lines = str(exc).strip().splitlines()
    return f"cannot start: {type(exc).__name__}: {lines[0] if lines else ''}"
