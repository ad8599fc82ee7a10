"""The page at `/` for a person who opens the mock in a browser, and what a 404 outside the APIs says.

Everything on the page comes from what is served now: the APIs this process serves, the tenants
and credentials of the loaded world (its tenants.yaml, so `POST /__mock/fixtures` changes them),
and copy-paste `curl` examples built from that world with this request's own URL. tests/ui/ runs
every example on the page, so an example that stopped working fails a test.
"""

from __future__ import annotations

import html
import json
import shlex
from dataclasses import dataclass
from typing import Any, Callable

import flask

from agent_tasks.apis import APIS
from mock.core.errors import DomainError, FixtureError
from mock.core.fixture_files import load_yaml
from mock.core.options import Options
from mock.core.registry import plugin
from mock.core.store import Store
from mock.http.swagger import own_url


@dataclass(frozen=True)
class _Examples:
    """How to build one API's examples from a tenant of its tenants.yaml."""

    tenant_key: str
    agent_key: str
    list_path: str
    """The list operation for `{tenant}` / `{agent}`."""
    record: Callable[[str, str], dict]
    """The admin API's task record for (tenant, agent)."""
    id_key: str
    """Where the created wire task holds its id."""
    patch: dict


_EXAMPLES = {
    "beeos": _Examples("owner_id", "agent_id", "/api/v1/tasks?limit=2",
                       lambda tenant, agent: {"tenant": tenant, "task": {"agent_id": agent}}, "task_id", {"metadata": {"note": "edited"}}),
    "orq": _Examples("id", "key", "/v2/agents/{agent}/tasks?limit=2",
                     lambda tenant, agent: {"tenant": tenant, "agent": agent, "task": {}}, "_id", {"name": "Renamed task"}),
    "org": _Examples("id", "id", "/api/v3/organizations/{tenant}/ai/tasks?limit=2",
                     lambda tenant, agent: {"tenant": tenant, "task": {"title": "Added from the landing page"}}, "taskId", {"title": "Renamed task"}),
}

_STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
pre{background:#f4f4f4;padding:.5rem;overflow-x:auto}code{background:#f4f4f4}.refused{color:#999}"""


def served_apis_message(options: Options) -> str:
    """What a 404 outside every API says: which APIs this mock serves, and where the landing page is."""
    served = ", ".join(f"{api_id} under {APIS[api_id].base_path}/" for api_id in options.apis)
    return f"no API serves this path; this mock serves {served} (links and demo credentials: GET /)"


def not_found_page(path: str, options: Options) -> str:
    """The 404 a browser gets outside every API: the same message, with a link to the landing page."""
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Not found</title></head><body>"
            f"<p>Nothing at <code>{html.escape(path)}</code>: {html.escape(served_apis_message(options))}.</p>"
            f"<p><a href='/'>The mock's landing page</a></p></body></html>")


def blueprint(store: Store, options: Options) -> flask.Blueprint:
    bp = flask.Blueprint("mock_landing", __name__)

    @bp.get("/")
    def landing():
        return flask.Response(page(store, options, own_url()), content_type="text/html; charset=utf-8")

    return bp


def page(store: Store, options: Options, base: str) -> str:
    """The landing page's HTML, for a mock reached at `base`."""
    fixtures = store.fixtures_dir()
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>agent-tasks mock</title><style>{_STYLE}</style></head><body>",
             "<h1>agent-tasks mock</h1>",
             f"<p>Serving {len(options.apis)} APIs from the world in <code>{html.escape(str(fixtures))}</code>. "
             "Every API answers as the real service does (filters, cursors, tenants, errors); the "
             "admin endpoints below change the world.</p>",
             "<h2>APIs</h2><table><tr><th>API</th><th>base path</th><th>Swagger UI</th><th>spec</th></tr>"]
    for api_id in options.apis:
        api = APIS[api_id]
        parts.append(f"<tr><td>{html.escape(api.title)} (<code>{api_id}</code>)</td><td><code>{api.base_path}</code></td>"
                     f"<td><a class='ui' href='/__mock/{api_id}/ui/'>/__mock/{api_id}/ui/</a></td>"
                     f"<td><a href='/__mock/{api_id}/openapi.json'>openapi.json</a></td></tr>")
    parts.append("</table><p>In Swagger UI: <b>Authorize</b> with a token below, then <b>Try it out</b> and "
                 "<b>Execute</b>; the first server listed is this mock.</p>")
    for api_id in options.apis:
        parts.append(_api_section(store, options, api_id, base))
    parts.append(_admin_section(base))
    parts.append("</body></html>")
    return "".join(parts)


def _api_section(store: Store, options: Options, api_id: str, base: str) -> str:
    folder = store.fixtures_dir() / api_id
    try:
        credentials = plugin(api_id).demo_credentials(folder)
    except (FixtureError, OSError) as exc:
        return f"<h2>{api_id}</h2><p>Cannot read the credentials of <code>{html.escape(str(folder))}</code>: {html.escape(str(exc))}</p>"
    rows, working = [], {}
    for cred in credentials:
        accepted = _accepted(store, options, api_id, cred["token"])
        if accepted:
            working.setdefault(cred["tenant"], cred["token"])
        state = "" if accepted else " class='refused'"
        rows.append(f"<tr{state}><td><code>{html.escape(str(cred['tenant']))}</code></td><td><code class='token'>{html.escape(cred['token'])}</code></td>"
                    f"<td>{'accepted' if accepted else 'refused (401)'}</td><td>{html.escape(str(cred.get('note') or ''))}</td></tr>")
    out = [f"<h2 id='{api_id}'>{html.escape(APIS[api_id].title)}: demo credentials</h2>",
           f"<table><tr><th>{APIS[api_id].tenant_unit}</th><th>bearer token</th><th>now</th><th>note</th></tr>{''.join(rows)}</table>"]
    if api_id == "beeos":
        out.append("<p>A BeeOS user JWT for any owner: <code>agent-tasks token --owner OWNER_ID</code>.</p>")
    example = _first_example(folder, api_id, working)
    if example:
        tenant, agent, token = example
        url = base + _EXAMPLES[api_id].list_path.format(tenant=tenant, agent=agent)
        out.append(f"<pre class='example' data-api='{api_id}' data-kind='list'>{html.escape(_curl(url, token=token))}</pre>")
        out.append(_edit_example(api_id, tenant, agent, base))
    return "".join(out)


def _accepted(store: Store, options: Options, api_id: str, token: str) -> bool:
    try:
        plugin(api_id).authenticate(store.connection(), f"Bearer {token}", options)
    except DomainError:
        return False
    return True


def _first_example(folder, api_id: str, working: dict[str, str]) -> tuple[str, str, str] | None:
    """(tenant, one of its agents, an accepted token) of the first tenant that has both."""
    spec = _EXAMPLES.get(api_id)
    try:
        tenants = load_yaml(folder / "tenants.yaml").get("tenants", []) if spec else []
    except (FixtureError, OSError, AttributeError):
        return None
    for tenant in tenants:
        tenant_id, agents = tenant.get(spec.tenant_key), tenant.get("agents") or []
        if tenant_id in working and agents and agents[0].get(spec.agent_key):
            return tenant_id, agents[0][spec.agent_key], working[tenant_id]
    return None


def _edit_example(api_id: str, tenant: str, agent: str, base: str) -> str:
    spec = _EXAMPLES[api_id]
    tasks = f"{base}/__mock/{api_id}/tasks"
    read_id = shlex.quote(f"import json, sys; print(json.load(sys.stdin)[{spec.id_key!r}])")
    script = "\n".join([
        f"id=$({_curl(tasks, method='POST', body=spec.record(tenant, agent))} | python3 -c {read_id})",
        _curl(tasks + "/$id", method="PATCH", body=spec.patch),
        f'curl -s -X DELETE "{tasks}/$id" -o /dev/null -w "%{{http_code}}\\n"',
    ])
    return (f"<p>Add a task to <code>{html.escape(tenant)}</code>, change it, remove it:</p>"
            f"<pre class='example' data-api='{api_id}' data-kind='edit'>{html.escape(script)}</pre>")


def _curl(url: str, *, token: str | None = None, method: str = "GET", body: Any = None) -> str:
    words = ["curl", "-s"] + (["-X", method] if method != "GET" else [])
    if token:
        words += ["-H", f"Authorization: Bearer {token}"]
    if body is not None:
        words += ["-H", "Content-Type: application/json", "-d", json.dumps(body)]
    # A URL holding a shell variable (the created task's $id) is double-quoted so the shell expands it.
    return " ".join([*map(shlex.quote, words), f'"{url}"' if "$" in url else shlex.quote(url)])


def _admin_section(base: str) -> str:
    rows = [
        ("GET /__mock/health", "status, served APIs, fixtures folder", _curl(f"{base}/__mock/health")),
        ("GET /__mock/journal?limit=N", "recent API requests, newest first", _curl(f"{base}/__mock/journal?limit=5")),
        ("DELETE /__mock/journal", "forget them", _curl(f"{base}/__mock/journal", method="DELETE")),
        ("POST /__mock/fixtures", "load another world (refused, unchanged, if a record is invalid)",
         _curl(f"{base}/__mock/fixtures", method="POST", body={"path": "/path/to/world"})),
        ("POST /__mock/reset", "undo the edits: the world as its fixtures describe it", _curl(f"{base}/__mock/reset", method="POST")),
    ]
    body = "".join(f"<p><code>{html.escape(r)}</code>: {html.escape(what)}</p><pre class='admin'>{html.escape(cmd)}</pre>"
                   for r, what, cmd in rows)
    return ("<h2>Admin endpoints</h2><p>No credentials needed. Overrides on any API request: "
            "<code>Prefer: code=401</code>, <code>Prefer: example=NAME</code>, <code>Prefer: delay=800</code>.</p>"
            + body + "<p>Add, change and remove tasks: <code>POST /__mock/{api}/tasks</code>, "
            "<code>PATCH</code> and <code>DELETE /__mock/{api}/tasks/{id}</code>, as each API's example above.</p>")
