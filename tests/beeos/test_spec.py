"""The BeeOS spec: valid OpenAPI 3.0.3, every component used, every example valid and true of the mock."""

from __future__ import annotations

import re
import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from agent_tasks.apis import get_api
from agent_tasks.specs import load_bundled, read_yaml
from mock.beeos import PLUGIN
from mock.core import cursors
from mock.beeos.errors import error_body
from mock.core.errors import DomainError
from mock.core.options import Options
from tests.beeos.conftest import ALICE, caller, walk

SPEC = get_api("beeos").spec_path
ROOT = SPEC.parent


def test_spec_is_valid_openapi_303():
    document, base_uri = read_from_filename(str(SPEC))
    assert document["openapi"] == "3.0.3" and document["info"]["version"] == "1.1.0"
    validate(document, base_uri=base_uri)


def test_every_file_is_referenced_and_every_reference_exists():
    referenced = set()
    for path in ROOT.rglob("*.yaml"):
        for ref in re.findall(r"\$ref: ['\"]?([^#'\"\s]+)", path.read_text(encoding="utf-8")):
            target = (path.parent / ref).resolve()
            assert target.is_file(), f"{path}: dangling $ref {ref}"
            referenced.add(target)
    assert {p.resolve() for p in ROOT.rglob("*.yaml")} - referenced == {SPEC.resolve()}


def _examples():
    spec = load_bundled(SPEC)
    for path, item in spec["paths"].items():
        for status, response in item["get"]["responses"].items():
            media = response["content"]["application/json"]
            for name, example in media["examples"].items():
                yield pytest.param(spec, media["schema"], example["value"], id=f"{item['get']['operationId']}-{status}-{name}")


@pytest.mark.parametrize(("spec", "schema", "value"), list(_examples()))
def test_examples_validate_against_their_response_schema(spec, schema, value):
    OAS30Validator({**schema, "components": spec["components"]}, format_checker=OAS30Validator.FORMAT_CHECKER).validate(value)


def _example(name: str) -> dict:
    return read_yaml(ROOT / "components" / "examples" / f"{name}.yaml")["value"]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("FirstPage", {"limit": 2}),
        ("ClosedTasks", {"state": "closed", "limit": 2}),
        ("NoTasks", {"agent_id": "agt_demo_alice_idle"}),
    ],
)
def test_success_examples_are_what_the_default_mock_answers(default_world, name, params):
    alice = caller(ALICE, cursor_secret=cursors.EXAMPLE_SECRET)  # the examples' secret, not the mock's (random)
    assert PLUGIN.operations["listUserTasks"](default_world, alice, **params) == _example(name)


def test_last_page_example_ends_alices_full_list(default_world):
    last = _example("LastPage")["data"]
    assert walk(default_world, caller(ALICE), state="all", limit=100)[-len(last["tasks"]) :] == last["tasks"]
    assert last["next_since"] == ""


def test_error_examples_use_the_domains_messages(default_world):
    for name, call in {
        "AgentNotFound": lambda: PLUGIN.operations["listAgentTasks"](default_world, caller(ALICE), agent_id="agt_demo_bob_private"),
        "InvalidCursor": lambda: PLUGIN.operations["listUserTasks"](default_world, caller(ALICE), since="forged"),
        "InvalidToken": lambda: PLUGIN.authenticate(default_world, "Bearer oag_demo_nobody_NOT_A_SECRET", Options()),
        "MissingToken": lambda: PLUGIN.authenticate(default_world, None, Options()),
    }.items():
        with pytest.raises(DomainError) as exc:
            call()
        # The whole published envelope, as the edge builds it: type, code, message and param.
        assert _example(name) == error_body(exc.value.status, exc.value.message, exc.value.code), name
