"""Each served API's spec and Swagger UI under /__mock/{api}/, pointed at this mock.

The specs list the real services' servers; served as written, Swagger UI's "Try it out" would
call production. The copy served here lists the URL the browser used to reach the mock first (its
`Host`), then the published servers, so the UI calls the mock unless the developer picks another.
"""

from __future__ import annotations

import re

import flask
import swagger_ui_bundle

from agent_tasks.apis import APIS
from agent_tasks.specs import load_bundled
from mock.core.options import Options

_UI_PAGE = """<!doctype html><html><head><title>{title}</title><meta charset="utf-8">
<link rel="stylesheet" href="/__mock/swagger-ui/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/__mock/swagger-ui/swagger-ui-bundle.js"></script>
<script>
// "Try it out" fills every parameter with its example: both of orq's exclusive cursors, a BeeOS
// agent of one owner... so Execute answered 400 or 404. Optional parameters start empty here
// (their defaults still apply); the downloadable openapi.json keeps every example.
function withoutOptionalExamples(spec) {{
  const strip = (p) => {{
    if (!p || p.required || p.$ref) return;
    delete p.example; delete p.examples;
    if (p.schema && !p.schema.$ref) delete p.schema.example;
  }};
  Object.values((spec.components || {{}}).parameters || {{}}).forEach(strip);
  Object.values(spec.paths || {{}}).forEach((item) =>
    [item, ...Object.values(item)].forEach((op) => ((op && op.parameters) || []).forEach(strip)));
  return spec;
}}
fetch("/__mock/{api}/openapi.json").then((r) => r.json()).then((spec) => SwaggerUIBundle({{
  spec: withoutOptionalExamples(spec), dom_id: "#ui", validatorUrl: null, persistAuthorization: true,
}}));
</script></body></html>"""
# validatorUrl: null keeps the page from sending the spec to swagger.io's online validator;
# persistAuthorization keeps the token entered under Authorize across reloads.

MOCK_SERVER_DESCRIPTION = "This mock (agent-tasks mock); the published servers follow."


def own_url() -> str:
    """The mock's base URL as the current request reached it: scheme and `Host`, no trailing slash."""
    return flask.request.host_url.rstrip("/")


def served_spec(api_id: str, base_url: str) -> dict:
    """`api_id`'s bundled spec with `base_url` as its first server (a published one of that URL is not repeated)."""
    spec = load_bundled(APIS[api_id].spec_path)
    published = [server for server in spec.get("servers", []) if server.get("url", "").rstrip("/") != base_url]
    return {**spec, "servers": [{"url": base_url, "description": MOCK_SERVER_DESCRIPTION}, *published]}


# The paths of the routes below: read-only, public documents (the landing page at `/` links them).
# A browser cannot add an admin token to a page it opens, so the admin guard never guards them.
_DOCS = re.compile(r"/__mock/(?:[a-z]+/(?:openapi\.json|ui/?)|swagger-ui/[^/]+)")


def is_docs(scope) -> bool:
    """Whether an ASGI request reads one of this module's documents (GET or HEAD of a route below)."""
    return scope["method"] in ("GET", "HEAD") and _DOCS.fullmatch(scope["path"]) is not None


def blueprint(options: Options) -> flask.Blueprint:
    bp = flask.Blueprint("mock_swagger", __name__, url_prefix="/__mock")

    def not_served(api_id: str):
        """The admin API's 404 for an API this process does not serve, else None."""
        if api_id in options.apis:
            return None
        return flask.jsonify({"error": f"no API {api_id!r}; served: {', '.join(options.apis)}"}), 404

    @bp.get("/<api_id>/openapi.json")
    def spec(api_id: str):
        return not_served(api_id) or served_spec(api_id, own_url())

    @bp.get("/<api_id>/ui")
    def ui_without_slash(api_id: str):
        # The page loads its assets by absolute path, but a relative link in it would resolve
        # against the wrong folder without the slash: one address, as Werkzeug would redirect.
        return not_served(api_id) or flask.redirect(f"/__mock/{api_id}/ui/", code=308)

    @bp.get("/<api_id>/ui/")
    def ui(api_id: str):
        return not_served(api_id) or _UI_PAGE.format(title=APIS[api_id].title, api=api_id)

    @bp.get("/swagger-ui/<path:name>")
    def swagger_assets(name: str):
        return flask.send_from_directory(swagger_ui_bundle.swagger_ui_path, name)

    return bp
