"""Redocly CLI and Spectral, run beside our own rules: the linters reviewers already know.

`agent-tasks lint --external` runs Redocly's `recommended` ruleset (`redocly.yaml`) and Spectral's
`spectral:oas` ruleset (`.spectral.yaml`) on each spec and folds their findings into our report, as
`redocly/<rule>` and `spectral/<rule>` problems. Both tools are npm packages pinned in
`tools/npm/package.json` and installed by `scripts/install-npm-tools`; they are never fetched on
the fly, so a run is repeatable and works offline. Rules switched off in those configs carry a
one-line reason there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from agent_tasks import paths
from agent_tasks.lint.problem import Problem

INSTALL_HINT = "bash scripts/install-npm-tools"
# Redocly's codeclimate format: error -> critical, warn -> minor (info is not emitted by `lint`).
_REDOCLY_ERRORS = {"blocker", "critical", "major"}
# Spectral severities: 0 error, 1 warn, 2 info, 3 hint. Info and hints are not findings here.
_SPECTRAL_LEVELS = {0: "error", 1: "warn"}
# Keep the tools quiet and local: no telemetry, no update check, no colour codes in parsed output.
_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}
_TIMEOUT_S = 300


class ExternalLinterMissing(RuntimeError):
    """The npm tools are not installed; the message says how to install them."""


def tool_dir() -> Path:
    """Where `scripts/install-npm-tools` puts the executables: this checkout's tools/npm
    (override: AGENT_TASKS_NPM_BIN). The linted repository only supplies the configs."""
    configured = os.environ.get("AGENT_TASKS_NPM_BIN")
    return Path(configured) if configured else paths.ROOT / "tools" / "npm" / "node_modules" / ".bin"


def _executable(name: str) -> str:
    path = tool_dir() / name
    if not path.exists():
        on_path = None if "AGENT_TASKS_NPM_BIN" in os.environ else shutil.which(name)
        if on_path is None:
            raise ExternalLinterMissing(f"{name} is not installed in {path.parent}; install it with: {INSTALL_HINT}")
        return on_path
    if shutil.which("node") is None:
        raise ExternalLinterMissing(f"{name} needs Node.js on PATH (Debian: apt-get install nodejs npm)")
    return str(path)


def _run(command: list[str], root: Path) -> str:
    """Run one linter; its exit code only says whether it found something, so stdout decides."""
    done = subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=_TIMEOUT_S, env={**os.environ, **_ENV},
    )
    if not done.stdout.strip():
        tail = " ".join(done.stderr.split())[-400:]
        raise RuntimeError(f"{Path(command[0]).name} produced no report (exit {done.returncode}): {tail}")
    return done.stdout


def _json_arrays(text: str) -> list[dict]:
    """Redocly prints one JSON array per spec, one after the other: read them all."""
    decoder, items, at = json.JSONDecoder(), [], 0
    while (at := text.find("[", at)) != -1:
        chunk, at = decoder.raw_decode(text, at)
        items += chunk
    return items


def redocly(specs: list[Path], root: Path) -> list[Problem]:
    """Redocly `lint` with the repository's `redocly.yaml` (extends `recommended`)."""
    command = [_executable("redocly"), "lint", *map(str, specs), "--format", "codeclimate"]
    config = root / "redocly.yaml"
    if config.exists():
        command += ["--config", str(config)]
    problems = []
    for item in _json_arrays(_run(command, root)):
        rule = item.get("fingerprint", "unknown").split("-#", 1)[0]
        location = item.get("location", {})
        pointer = item.get("fingerprint", "").partition("-#")[2]
        problems.append(Problem(
            file=str((root / location.get("path", str(specs[0]))).resolve()),
            line=location.get("lines", {}).get("begin"), column=None,
            rule=f"redocly/{rule}", message=item.get("description", ""), pointer=pointer,
            severity="error" if item.get("severity") in _REDOCLY_ERRORS else "warn",
        ))
    return problems


def spectral(specs: list[Path], root: Path) -> list[Problem]:
    """Spectral `lint` with the repository's `.spectral.yaml` (extends `spectral:oas`)."""
    command = [_executable("spectral"), "lint", *map(str, specs), "--format", "json", "--quiet"]
    config = root / ".spectral.yaml"
    if config.exists():
        command += ["--ruleset", str(config)]
    output = _run(command, root)
    problems = []
    # With no finding Spectral prints a sentence instead of `[]`.
    for item in json.loads(output) if output.lstrip().startswith("[") else []:
        level = _SPECTRAL_LEVELS.get(item.get("severity"))
        if level is None:
            continue
        start = item.get("range", {}).get("start", {})
        problems.append(Problem(
            file=str(Path(item.get("source") or specs[0]).resolve()),
            line=start.get("line", -1) + 1, column=start.get("character", 0) + 1,
            rule=f"spectral/{item.get('code', 'unknown')}", message=item.get("message", ""),
            pointer="/" + "/".join(str(part) for part in item.get("path", [])), severity=level,
        ))
    return problems


def lint_external(specs: list[Path], root: Path) -> list[Problem]:
    """Both linters on every spec (one run of each: Node's start-up is most of their time)."""
    if not specs:
        return []
    return sorted(set(redocly(specs, root) + spectral(specs, root)), key=Problem.sort_key)
