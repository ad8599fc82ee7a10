"""Schema conformance: Schemathesis 4's engine, as `schemathesis run --checks all` runs it, on the spec loaded by path."""

from __future__ import annotations

import time
import warnings
from typing import Callable

import schemathesis
from schemathesis.config import SchemathesisConfig
from hypothesis.errors import HypothesisWarning
from schemathesis.engine import events, from_schema

from contract_tests.http import hide_secrets
from contract_tests.options import OTHER_TOKEN_ENV, REQUEST_TIMEOUT_S, TOKEN_ENV, Profile
from contract_tests.options import BODY_CHARS, MAX_VIOLATIONS_PER_CHECK
from contract_tests.report import CheckResult, Failure
from contract_tests.target import Target


def configure(target: Target, *, profile: Profile, seed: int, path_values: dict[str, str]) -> SchemathesisConfig:
    """Every default check and phase, our bearer token (so the no-auth and bad-auth probes run too),
    and real path parameters (so positive cases reach real data, whose shape is then checked)."""
    config = SchemathesisConfig()
    config.update(seed=seed, max_failures=None)
    # Schemathesis masks the token as `[Filtered]`; keep it so `hide_secrets` can turn it into a
    # shell variable and the curl command still replays the request.
    config.output.sanitization.update(enabled=False)
    project = config.projects.override
    project.update(
        base_url=target.base_url,
        headers={"Authorization": f"Bearer {target.token}"},
        parameters={f"path.{name}": value for name, value in path_values.items()},
        request_timeout=REQUEST_TIMEOUT_S,
    )
    project.checks.update(included_check_names=["all"])
    project.phases.update(phases=list(profile.schema_phases))
    project.generation.update(max_examples=profile.schema_max_examples)
    return config


def _body(response) -> str:
    if response is None:
        return "no response"
    text = " ".join(response.content.decode("utf-8", "replace").split())
    return f"{response.status_code} {text[:BODY_CHARS]}{'…' if len(text) > BODY_CHARS else ''}"


def _expected(failure) -> str:
    """The failure's title and message; for a schema violation, the field it is in and what is wrong there."""
    path = getattr(failure, "instance_path", None)
    raw = getattr(failure, "_raw_message", None)
    if path is not None and raw:
        field = "/".join(map(str, path)) or "<body>"
        return f"{failure.title}: {field}: {raw[:200]}{'…' if len(raw) > 200 else ''}"
    lines = [line.strip() for line in failure.message.splitlines() if line.strip()]
    return f"{failure.title}: {' '.join(lines)[:240]}" if lines else failure.title


def _failures(api: str, recorder, secrets: dict[str, str]) -> list[Failure]:
    found = []
    for case_id, checks in recorder.checks.items():
        interaction = recorder.interactions.get(case_id)
        for check in checks:
            info = check.failure_info
            if info is None:
                continue
            found.append(Failure(
                api=api,
                check=f"schema.{check.name}",
                operation=info.failure.operation or recorder.label,
                expected=_expected(info.failure),
                got=_body(interaction.response if interaction else None),
                curl=hide_secrets(info.code_sample, secrets),
            ))
    return found


Fixup = Callable[[dict], dict]


def run(target: Target, *, profile: Profile, seed: int, path_values: dict[str, str], fixup: Fixup | None = None, progress: Callable[[str], None] = lambda _: None) -> CheckResult:
    """Run the engine to the end; each distinct (check, operation, title) failure is reported once.

    `fixup` rewrites the query of positive cases where the spec states in prose what a schema
    cannot (a server-issued opaque cursor, mutually exclusive parameters): without it a correct
    server fails `positive_data_acceptance` for rejecting a random "valid" cursor.
    """
    result = CheckResult(api=target.api.id, check="schema")
    started = time.perf_counter()
    config = configure(target, profile=profile, seed=seed, path_values=path_values)
    schema = schemathesis.openapi.from_path(target.api.spec_path, config=config)
    if fixup is not None:

        def fix(case):
            if case.query and not (case.meta is not None and case.meta.generation.mode.is_negative):
                case.query = fixup(dict(case.query))
            return case

        # Generated cases pass through `map_case`; the examples phase's through `before_add_examples`.
        @schema.hook
        def map_case(context, case):
            return fix(case)

        @schema.hook
        def before_add_examples(context, examples):
            examples[:] = [fix(case) for case in examples]
    secrets = {target.token: TOKEN_ENV, **({target.other_token: OTHER_TOKEN_ENV} if target.other_token else {})}
    seen: set[tuple[str, str, str]] = set()
    with warnings.catch_warnings():
        # Schemathesis' Hypothesis may find a failing case whose repr is large; that is no failure.
        warnings.filterwarnings("ignore", message="Generating overly large repr", category=HypothesisWarning)
        for event in from_schema(schema).execute():
            _record(event, result, seen, target, secrets, progress)
    result.seconds = time.perf_counter() - started
    return result


def _record(event, result: CheckResult, seen: set, target: Target, secrets: dict[str, str], progress: Callable[[str], None]) -> None:
    """Fold one engine event into the result: progress, errors, counts, each new failure once."""
    if isinstance(event, events.PhaseStarted) and event.phase.is_enabled:
        progress(f"schema: {event.phase.name.value} phase")
    if isinstance(event, events.FatalError):
        raise RuntimeError(f"Schemathesis could not run: {event.exception}") from event.exception
    if isinstance(event, events.NonFatalError):
        result.failures.append(Failure(target.api.id, "schema.error", event.label, "Schemathesis to complete the operation", str(event.value)[:240], f"# see {event.label}"))
    recorder = getattr(event, "recorder", None)
    if recorder is None or not isinstance(event, events.ScenarioEvent):
        return
    result.examples += len(recorder.cases)
    result.requests += len(recorder.interactions)
    for failure in _failures(target.api.id, recorder, secrets):
        key = (failure.check, failure.operation, failure.expected.partition(":")[0])
        if key not in seen:
            seen.add(key)
            if len(result.failures) < MAX_VIOLATIONS_PER_CHECK:
                result.failures.append(failure)
            else:
                result.more += 1
