"""`agent-tasks bundle`: one valid file per spec, the same API as the split files describe."""

from __future__ import annotations

import json

import pytest
import yaml
from docs_support import DEMO_SPEC, run_cli
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from agent_tasks.apis import APIS
from agent_tasks.cli import main
from agent_tasks.docs.bundle import bundle, dereference, write_bundles
from agent_tasks.specs import load_bundled


def refs(node) -> list[str]:
    """Every $ref value anywhere in a document."""
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    if not isinstance(node, dict):
        return []
    own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
    return own + [ref for value in node.values() for ref in refs(value)]


def test_demo_bundle_names_components_and_inlines_other_files():
    spec = bundle(DEMO_SPEC)
    validate(spec)
    assert set(refs(spec)) == {
        "#/components/schemas/Item",
        "#/components/schemas/Page",
        "#/components/schemas/Node",
        "#/components/parameters/Limit",
        "#/components/responses/NotFound",
    }
    assert spec["paths"]["/demo/items"]["get"]["operationId"] == "listItems"
    # The recursive schema refers to itself by name rather than looping.
    assert spec["components"]["schemas"]["Node"]["properties"]["children"]["items"] == {
        "$ref": "#/components/schemas/Node"
    }


def test_recursive_spec_cannot_be_dereferenced():
    with pytest.raises(ValueError, match="recursive"):
        bundle(DEMO_SPEC, dereferenced=True)


def test_dangling_internal_ref_is_named():
    with pytest.raises(ValueError, match="#/components/schemas/Gone"):
        dereference({"a": {"$ref": "#/components/schemas/Gone"}, "components": {"schemas": {}}})


def test_invalid_spec_is_not_written(tmp_path):
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text("openapi: 3.0.3\ninfo: {title: No version}\npaths: {}\n", encoding="utf-8")
    with pytest.raises(OpenAPIValidationError, match="version"):
        write_bundles(tmp_path / "out", {"bad": spec})
    assert not (tmp_path / "out" / "bad.yaml").exists()


@pytest.mark.parametrize("api", APIS.values(), ids=list(APIS))
def test_bundle_describes_the_same_api_as_the_split_spec(api):
    spec = bundle(api.spec_path)
    validate(spec)
    assert refs(spec) and all(ref.startswith("#/components/") for ref in refs(spec))
    # specs.load_bundled inlines every file independently: fully dereferenced, both must agree.
    assert dereference(spec) == dereference(load_bundled(api.spec_path))


def test_cli_writes_valid_yaml_and_json_for_every_api(tmp_path):
    assert run_cli("bundle", "--out", str(tmp_path), "--format", "yaml", "--format", "json") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{api_id}.{fmt}" for api_id in APIS for fmt in ("yaml", "json")
    )
    for api_id in APIS:
        from_yaml = yaml.safe_load((tmp_path / f"{api_id}.yaml").read_text(encoding="utf-8"))
        validate(from_yaml)
        assert json.loads((tmp_path / f"{api_id}.json").read_text(encoding="utf-8")) == from_yaml


def test_cli_dereference_leaves_no_ref(tmp_path):
    assert run_cli("bundle", "--out", str(tmp_path), "--dereference", "--api", "orq") == 0
    assert [p.name for p in tmp_path.iterdir()] == ["orq.yaml"]
    spec = yaml.safe_load((tmp_path / "orq.yaml").read_text(encoding="utf-8"))
    validate(spec)
    assert refs(spec) == []


@pytest.mark.parametrize("dereference_flag", [[], ["--dereference"]], ids=["bundled", "dereferenced"])
def test_lint_accepts_every_bundle_it_writes(tmp_path, dereference_flag, capsys):
    assert run_cli("bundle", "--out", str(tmp_path), *dereference_flag, "--format", "yaml", "--format", "json") == 0
    capsys.readouterr()
    assert main(["lint", *sorted(str(p) for p in tmp_path.iterdir())]) == 0, capsys.readouterr().out
    if dereference_flag:
        for path in tmp_path.glob("*.yaml"):
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            # Nothing is left to refer to a named component; the security schemes are used by name.
            assert set(spec["components"]) == {"securitySchemes"} and spec["security"]
