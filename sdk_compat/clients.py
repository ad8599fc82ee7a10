"""The clients the suite drives, and how each is prepared and started (in its own `.sdk/` environment).

| name            | environment       | driver                                                   |
|-----------------|-------------------|----------------------------------------------------------|
| orq-sdk         | .sdk/orq          | drivers/orq_sdk.py (orq-ai-sdk 3.14.45)                   |
| orq-node        | .sdk/ts           | ts/orq_node.cjs (@orq-ai/node 3.14.45)                    |
| beeos-sdk       | .sdk/beeos        | drivers/beeos_sdk.py (beeos-sdk 0.8.0)                    |
| generated-<api> | .sdk/generated    | drivers/generated.py on `openapi-python-client generate` |
| typescript      | .sdk/ts           | ts/check.ts: openapi-typescript types, tsc, then node     |

`prepare_*` write what a driver needs from the current specs (`agent-tasks bundle`), so a spec
change reaches the generated clients and the TypeScript types on the next run.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from agent_tasks.apis import APIS
from agent_tasks.docs.bundle import write_bundles

ROOT = Path(__file__).resolve().parents[1]
GENERATED_PACKAGE = "agent_tasks_{api}_client"


class NotInstalled(RuntimeError):
    """An environment `scripts/install-sdks` makes is missing."""


@dataclass(frozen=True)
class Client:
    name: str
    env: str
    """Folder under the SDK dir."""
    label: str
    api: str | None = None
    """The API a generated client is for."""


CLIENTS = (
    Client("orq-sdk", "orq", "orq-ai-sdk 3.14.45 (Python)"),
    Client("orq-node", "ts", "@orq-ai/node 3.14.45 (Node)"),
    Client("beeos-sdk", "beeos", "beeos-sdk 0.8.0 (Python)"),
    *(Client(f"generated-{api}", "generated", f"openapi-python-client: {api}", api) for api in APIS),
    Client("typescript", "ts", "openapi-typescript + openapi-fetch"),
)


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)


def bundle(sdk_dir: Path) -> dict[str, Path]:
    """Every spec as one JSON file (what `agent-tasks bundle --format json` writes), in `sdk_dir/bundle`."""
    out = sdk_dir / "bundle"
    out.mkdir(parents=True, exist_ok=True)
    paths = {api: APIS[api].spec_path for api in APIS}
    written = write_bundles(out, paths, formats=("json",))
    return {p.stem: p for p in written}


def _stamp(*files: Path) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _all_ok(procs: list[tuple[str, subprocess.Popen[str]]]) -> str:
    """Wait for every process; the output of those that failed ('' when all succeeded)."""
    problems = []
    for label, proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            problems.append(f"{label}: {(err or out).strip()[-1500:]}")
    return "\n".join(problems)


def prepare_generated(sdk_dir: Path, bundles: dict[str, Path]) -> Path:
    """`openapi-python-client generate` of each bundle (in parallel; skipped when the bundle is unchanged)."""
    env = sdk_dir.resolve() / "generated"
    if not (env / "bin" / "openapi-python-client").exists():
        raise NotInstalled(f"{env}: run scripts/install-sdks")
    clients = env / "clients"
    clients.mkdir(exist_ok=True)
    procs = []
    for api, spec in bundles.items():
        package = GENERATED_PACKAGE.format(api=api)
        stamp = clients / f"{package}.stamp"
        if (clients / package / "client.py").exists() and stamp.exists() and stamp.read_text() == _stamp(spec):
            continue
        stamp.unlink(missing_ok=True)
        config = env / f"{api}.config.json"
        config.write_text(json.dumps({"project_name_override": package, "package_name_override": package, "post_hooks": []}))
        cmd = [str(env / "bin" / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "none",
               "--output-path", str(clients / package), "--overwrite", "--config", str(config)]
        procs.append((f"openapi-python-client on {spec.name}", subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    problems = _all_ok(procs)
    if problems:
        raise RuntimeError(problems)
    for api, spec in bundles.items():
        (clients / f"{GENERATED_PACKAGE.format(api=api)}.stamp").write_text(_stamp(spec))
    return clients


def prepare_typescript(sdk_dir: Path, bundles: dict[str, Path]) -> tuple[Path, list[str]]:
    """openapi-typescript types of each bundle, then `tsc` over ts/check.ts; (the compiled script, tsc's errors).

    With `noEmitOnError`, check.js exists only when tsc found nothing; the result is reused while
    the bundles, check.ts, tsconfig.json and the lock file are unchanged."""
    ts = sdk_dir.resolve() / "ts"
    bin_dir = ts / "node_modules" / ".bin"
    if not (bin_dir / "tsc").exists():
        raise NotInstalled(f"{ts}: run scripts/install-sdks")
    sources = [ROOT / "sdk_compat" / "ts" / name for name in ("check.ts", "tsconfig.json", "package-lock.json")]
    stamp, result = _stamp(*bundles.values(), *sources), ts / "tsc-result.json"
    if result.exists():
        cached = json.loads(result.read_text())
        if cached.get("stamp") == stamp and (cached["errors"] or (ts / "out" / "check.js").exists()):
            return ts / "out" / "check.js", cached["errors"]
    (ts / "types").mkdir(exist_ok=True)
    # Run from .sdk/ts: openapi-typescript reads a redocly.yaml in its working folder (the
    # project's, for the linters, lists the APIs and would replace the file named here).
    procs = [(f"openapi-typescript {spec.name}", subprocess.Popen(
        [str(bin_dir / "openapi-typescript"), str(spec), "--output", str(ts / "types" / f"{api}.ts"), "--silent"],
        cwd=ts, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)) for api, spec in bundles.items()]
    problems = _all_ok(procs)
    if problems:
        return ts / "out" / "check.js", [" ".join(problems.split())[:1000]]
    for name in ("check.ts", "tsconfig.json"):
        shutil.copyfile(ROOT / "sdk_compat" / "ts" / name, ts / name)
    shutil.rmtree(ts / "out", ignore_errors=True)
    done = _run([str(bin_dir / "tsc"), "-p", str(ts / "tsconfig.json")], cwd=ts)
    errors = _tsc_errors([line for line in (done.stdout + done.stderr).splitlines() if line.strip()] if done.returncode else [])
    result.write_text(json.dumps({"stamp": stamp, "errors": errors}))
    return ts / "out" / "check.js", errors


def _tsc_errors(lines: list[str]) -> list[str]:
    """tsc's output as one entry per error (its continuation lines joined to it)."""
    errors: list[str] = []
    for line in lines:
        if line.startswith(" ") and errors:
            errors[-1] += " " + line.strip()
        else:
            errors.append(line.strip())
    return errors


def prepare_node(sdk_dir: Path) -> None:
    """Copy the Node SDK driver next to the node_modules it requires."""
    ts = sdk_dir.resolve() / "ts"
    if not (ts / "node_modules" / "@orq-ai" / "node").is_dir():
        raise NotInstalled(f"{ts}: run scripts/install-sdks")
    shutil.copyfile(ROOT / "sdk_compat" / "ts" / "orq_node.cjs", ts / "orq_node.cjs")


def command(client: Client, sdk_dir: Path, plan_path: Path) -> list[str]:
    """The command that runs `client`'s driver on the plan."""
    if client.env == "ts":
        node = shutil.which("node") or "node"
        script = "orq_node.cjs" if client.name == "orq-node" else "out/check.js"
        return [node, str(sdk_dir.resolve() / "ts" / script), str(plan_path)]
    python = sdk_dir.resolve() / client.env / "bin" / "python"
    if not python.exists():
        raise NotInstalled(f"{sdk_dir / client.env}: run scripts/install-sdks")
    module = {"orq": "orq_sdk", "beeos": "beeos_sdk", "generated": "generated"}[client.env]
    return [str(python), "-m", f"sdk_compat.drivers.{module}", str(plan_path), *([client.api] if client.api else [])]

