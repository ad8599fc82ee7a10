"""Render each spec as one self-contained Swagger UI page, viewable offline from file://."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path

import swagger_ui_bundle

from agent_tasks.docs.bundle import bundle, to_json

_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)
# Sequences that would end or confuse an inline <script> element (HTML's "script data escaped"
# states). In Swagger UI's bundle they occur only inside string and regex literals, where the
# `\x3C` escape means the same "<".
_SCRIPT_HAZARDS = re.compile(r"<(?=!--|/?script)", re.IGNORECASE)
# A source map comment would make devtools fetch a file the page does not ship.
_SOURCE_MAP = re.compile(r"^\s*(//# sourceMappingURL=.*|/\*# sourceMappingURL=.*\*/)\s*$", re.MULTILINE)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<style>body {{ margin: 0; }} .back {{ font: 14px sans-serif; padding: 8px 20px; }}</style>
</head>
<body>
<nav class="back"><a href="index.html">&larr; All APIs</a></nav>
<div id="swagger-ui"></div>
<script>{js}</script>
<script>
window.ui = SwaggerUIBundle({{
  spec: {spec},
  dom_id: "#swagger-ui",
  deepLinking: true,
  displayOperationId: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
}});
</script>
</body>
</html>
"""

_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font: 16px/1.5 sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }}
li {{ margin: 0.5rem 0; }} code {{ color: #555; }}
</style>
</head>
<body>
<h1>{title}</h1>
<ul>
{items}
</ul>
</body>
</html>
"""


def _script_asset(name: str) -> str:
    text = _SOURCE_MAP.sub("", (_ASSETS / name).read_text(encoding="utf-8"))
    return _SCRIPT_HAZARDS.sub(r"\\x3C", text)


def _style_asset(name: str) -> str:
    text = _SOURCE_MAP.sub("", (_ASSETS / name).read_text(encoding="utf-8"))
    # Only a CSS string could hold "</style"; there `\/` is the same "/".
    return text.replace("</style", "<\\/style")


def script_json(value: object) -> str:
    """`value` as JSON safe to embed in an inline <script> (no `</script>`, `<!--` or `&` survives)."""
    text = to_json(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def api_page(spec: Mapping) -> str:
    """One HTML page documenting `spec` with Swagger UI's CSS, JavaScript and the spec inlined."""
    return _PAGE.format(
        title=html.escape(spec["info"]["title"]),
        css=_style_asset("swagger-ui.css"),
        js=_script_asset("swagger-ui-bundle.js"),
        spec=script_json(spec),
    )


def index_page(specs: Mapping[str, Mapping], *, title: str = "Agent task-list APIs") -> str:
    """An HTML page linking each API's page (`<id>.html`) with its title and version."""
    items = "\n".join(
        f'<li><a href="{html.escape(api_id)}.html">{html.escape(spec["info"]["title"])}</a> '
        f'<code>{html.escape(api_id)}</code> v{html.escape(str(spec["info"]["version"]))}</li>'
        for api_id, spec in specs.items()
    )
    return _INDEX.format(title=html.escape(title), items=items)


def write_docs(out: Path, spec_paths: Mapping[str, Path]) -> list[Path]:
    """Write `<id>.html` for every spec in `spec_paths` (API id -> spec file) and `index.html`."""
    out.mkdir(parents=True, exist_ok=True)
    specs = {api_id: bundle(path) for api_id, path in spec_paths.items()}
    written = []
    for api_id, spec in specs.items():
        page = out / f"{api_id}.html"
        page.write_text(api_page(spec), encoding="utf-8")
        written.append(page)
    index = out / "index.html"
    index.write_text(index_page(specs), encoding="utf-8")
    return [*written, index]
