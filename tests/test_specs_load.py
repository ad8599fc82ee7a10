"""Each spec loads by path in Connexion 3 and in Schemathesis 4, the two consumers we ship."""

import re

import connexion
import pytest
import schemathesis
from connexion.resolver import Resolver

from agent_tasks.apis import APIS
from agent_tasks.specs import load_bundled


@pytest.mark.parametrize("api", APIS.values(), ids=list(APIS))
def test_spec_loads_and_routes_in_connexion(api):
    app = connexion.FlaskApp(__name__)
    app.add_api(api.spec_path, name=api.id, resolver=Resolver(function_resolver=lambda _: (lambda **kw: {})))
    client = app.test_client()
    for path in load_bundled(api.spec_path)["paths"]:
        # No credentials: a routed operation answers 401; an unknown route would be 404.
        assert client.get(re.sub(r"\{[^}]+\}", "x", path)).status_code == 401, path


@pytest.mark.parametrize("api", APIS.values(), ids=list(APIS))
def test_spec_loads_in_schemathesis(api):
    schema = schemathesis.openapi.from_path(api.spec_path)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, f"{api.spec_path} has no operation"
    assert all(op.path.startswith(api.base_path) for op in operations)
