"""The registry of the three task-list APIs; every command and test iterates over it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent_tasks.paths import FIXTURES_DIR, SPEC_DIR


@dataclass(frozen=True)
class Api:
    id: str
    title: str
    base_path: str
    tenant_unit: str

    @property
    def spec_path(self) -> Path:
        return SPEC_DIR / self.id / "openapi.yaml"

    @property
    def fixtures_dir(self) -> Path:
        return FIXTURES_DIR / self.id


APIS: dict[str, Api] = {
    api.id: api
    for api in (
        Api("beeos", "BeeOS Open API v1", "/api/v1", "owner"),
        Api("orq", "orq.ai Agents v2", "/v2", "workspace"),
        Api("org", "Organisation AI tasks v3", "/api/v3", "organisation"),
    )
}


def get_api(api_id: str) -> Api:
    """Return the API called `api_id`, or raise KeyError naming the known ones."""
    try:
        return APIS[api_id]
    except KeyError:
        raise KeyError(f"unknown API {api_id!r}; known: {', '.join(APIS)}") from None


def api_for_path(path: str) -> Api | None:
    """The API whose base path prefixes an HTTP request path (longest prefix wins)."""
    matches = [a for a in APIS.values() if path == a.base_path or path.startswith(a.base_path + "/")]
    return max(matches, key=lambda a: len(a.base_path), default=None)
