"""The Schemathesis run is `schemathesis run --checks all` with our token and real path parameters."""

from __future__ import annotations

from agent_tasks.apis import get_api
from contract_tests.options import PROFILES
from contract_tests.schema_checks import configure
from contract_tests.target import Target


def test_every_check_and_phase_runs_with_the_bearer_token_and_real_path_values():
    target = Target(api=get_api("orq"), base_url="http://127.0.0.1:9", token="orq-demo-key-acme")
    config = configure(target, profile=PROFILES["fast"], seed=3, path_values={"agent_key": "research-assistant"})
    project = config.projects.get_default()
    assert project.base_url == "http://127.0.0.1:9"
    assert project.headers == {"Authorization": "Bearer orq-demo-key-acme"}
    assert project.parameters == {"path.agent_key": "research-assistant"}
    assert project.generation.max_examples == PROFILES["fast"].schema_max_examples
    assert config.seed == 3
    for name in ("ignored_auth", "negative_data_rejection", "positive_data_acceptance", "missing_required_header", "response_headers_conformance"):
        assert project.checks.get_by_name(name=name).enabled, name
    assert all(getattr(project.phases, phase).enabled for phase in ("examples", "coverage", "fuzzing", "stateful"))
    # Unmasked, so the curl command of a failure can name the token as a shell variable instead.
    assert not config.output.sanitization.enabled
