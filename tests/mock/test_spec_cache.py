"""Connexion validates a spec once: a start-up with the same spec files reuses its verdict, an edit is checked again."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
from connexion.exceptions import InvalidSpecification
from connexion.spec import OpenAPISpecification, Specification

import agent_tasks.apis
from agent_tasks.specs import load_bundled
from mock.core import spec_cache
from mock.http.app import create_app
from tests.mock.world import tenants

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """Titles of the specs Connexion checks against the OpenAPI meta-schema from now on."""
    seen: list[str] = []
    original = Specification.__dict__["_validate_spec"].__func__  # the hook mock/http/app.py relies on

    def spy(cls, spec):
        seen.append(spec["info"]["title"])
        return original(cls, spec)

    monkeypatch.setattr(Specification, "_validate_spec", classmethod(spy))
    return seen


def first_page(app, world_dir) -> bytes:
    tenant = tenants(world_dir, "beeos")[0]
    with app.test_client() as client:
        response = client.get(tenant.list_url, params={"limit": 5}, headers={"Authorization": f"Bearer {tenant.token}"})
    assert response.status_code == 200, response.text
    return response.content


def test_a_spec_connexion_accepted_is_not_validated_again(options, world_dir, tmp_path, validations):
    cached = options.replace(spec_cache=tmp_path / "specs", cursor_secret="spec-cache-test")  # two worlds, one secret
    first = create_app(cached)
    assert len(validations) == 3 and len(list((tmp_path / "specs").glob("*.json"))) == 3
    second = create_app(cached)
    assert len(validations) == 3, "the second start validated a spec again"
    assert "_validate_spec" not in OpenAPISpecification.__dict__, "Connexion's own check was not put back"
    assert first_page(second, world_dir) == first_page(first, world_dir)


def test_an_edited_spec_is_validated_again(options, tmp_path, monkeypatch, validations):
    specs = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", specs)
    monkeypatch.setattr(agent_tasks.apis, "SPEC_DIR", specs)
    cached = options.replace(spec_cache=tmp_path / "cache", apis=("org",))
    load_bundled.cache_clear()
    try:
        create_app(cached)
        limit = specs / "org" / "components" / "parameters" / "Limit.yaml"
        limit.write_text(limit.read_text().replace("in: query", "in: nowhere"))
        stat = limit.stat()
        os.utime(limit, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        load_bundled.cache_clear()
        with pytest.raises(InvalidSpecification, match="nowhere"):
            create_app(cached)
    finally:
        load_bundled.cache_clear()
    assert len(validations) == 2


def test_a_spec_json_cannot_hold_is_validated_at_every_start(tmp_path):
    # YAML reads an unquoted date as a date and `200:` as a number; JSON would hand back strings.
    for spec in ({"info": {"x-released": datetime.date(2025, 1, 2)}}, {"responses": {200: {}}}):
        spec_cache.mark_valid(spec, tmp_path, "key")
        assert not (tmp_path / "key.json").exists()
    spec_cache.mark_valid({"responses": {"200": {}}}, tmp_path, "key")
    assert (tmp_path / "key.json").exists()
