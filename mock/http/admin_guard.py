"""Who may use the admin API (/__mock/): safe by default, lockable with a token.

The admin API can reset the world, load another fixtures folder, edit tasks and read the journal
(which stores query strings). So, by default, it answers only requests that (1) name a loopback
Host (a DNS-rebinding page names its own host), (2) carry no foreign `Origin` (a web page's
cross-site POST does; the browser sends it even when CORS would hide the answer), and it gets no
CORS headers unless `--admin-cors-origin` names an origin. With `--admin-token` every admin request
needs `Authorization: Bearer <token>` instead of the Host rule (so it can be reached by name, e.g.
from another container), and the CLI refuses a non-loopback `--host` without a token
(`mock.core.options.exposure_problem`). The three APIs keep their own CORS settings (`--cors-origin`).
The specs and Swagger UI pages under /__mock/ are public documents, never guarded (`mock.http.swagger.is_docs`).
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from starlette.middleware.cors import CORSMiddleware

from mock.core.options import Options, is_loopback
from mock.http.edge import send_error
from mock.http.swagger import is_docs

ADMIN_PREFIX = "/__mock"


def is_admin(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")



def _host_name(value: str) -> str:
    return (urlsplit(f"//{value}").hostname or "") if value else ""


class SplitCors:
    """CORS for the APIs (`cors_origins`) and, separately, for the admin API (none unless configured)."""

    def __init__(self, app, *, options: Options) -> None:
        headers = dict(allow_headers=["Authorization", "Content-Type", "Prefer"], max_age=600)
        self.api = CORSMiddleware(
            app, allow_origins=list(options.cors_origins), allow_methods=["GET", "OPTIONS"],
            expose_headers=["WWW-Authenticate", "Preference-Applied"], **headers,
        )
        self.admin = app
        if options.admin_cors_origins:
            self.admin = CORSMiddleware(
                app, allow_origins=list(options.admin_cors_origins), allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"], **headers
            )

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.api(scope, receive, send)
        return await (self.admin if is_admin(scope["path"]) else self.api)(scope, receive, send)


class AdminGuard:
    """Refuse admin requests from a foreign Host or Origin, or without the admin token when one is set."""

    def __init__(self, app, *, options: Options) -> None:
        self.app, self.options = app, options
        self.token = options.admin_token.encode() if options.admin_token else None
        self.hosts = {h.lower() for h in options.admin_hosts} | ({options.host.lower()} if is_loopback(options.host) else set())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not is_admin(scope["path"]) or is_docs(scope):
            return await self.app(scope, receive, send)
        headers = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, value)
        problem = self.refusal(scope, headers)
        if problem is None:
            return await self.app(scope, receive, send)
        status, message = problem
        if status == 401 and scope["path"] == f"{ADMIN_PREFIX}/health" and scope["method"] == "GET":
            # Readiness probes need no token; they learn nothing but that the mock is up.
            return await send_error(send, scope["path"], 200, "", body={"status": "ok"})
        extra = [(b"www-authenticate", b'Bearer realm="mock-admin"')] if status == 401 else []
        await send_error(send, scope["path"], status, message, extra)

    def refusal(self, scope, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        host = headers.get(b"host", b"").decode("latin-1")
        origin = headers.get(b"origin", b"").decode("latin-1")
        if origin and origin not in self.options.admin_cors_origins and urlsplit(origin).netloc.lower() != host.lower():
            return 403, f"the admin API does not answer pages of origin {origin!r}; allow it with --admin-cors-origin"
        if self.token is not None:
            given = headers.get(b"authorization", b"")
            if not hmac.compare_digest(given, b"Bearer " + self.token):
                return 401, "the admin API needs 'Authorization: Bearer <admin token>' (the mock's --admin-token)"
            return None
        if _host_name(host).lower() not in self.hosts:
            return 403, f"the admin API answers only Host names {', '.join(sorted(self.hosts))}, not {host!r}; or set --admin-token"
        return None
