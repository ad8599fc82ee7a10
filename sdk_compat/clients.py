"""The clients the suite drives, and how each is prepared and started (in its own `.sdk/` environment).

| name            | environment       | driver                                                   |
|-----------------|-------------------|----------------------------------------------------------|
| orq-sdk         | .sdk/orq          | drivers/orq_sdk.py (orq-ai-sdk 3.14.45)                   |
| beeos-sdk       | .sdk/beeos        | drivers/beeos_sdk.py (beeos-sdk 0.8.0)                    |
| generated-<api> | .sdk/generated    | drivers/generated.py on `openapi-python-client generate` |
| typescript      | .sdk/ts           | ts/check.ts: openapi-typescript types, tsc, then node     |

`prepare_*` write what a driver needs from the current specs (`agent-tasks bundle`), so a spec
change reaches the generated clients and the TypeScript types on the next run.
"""

from __future__ import annotations

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
    api: str | None = None
    """The API a generated client is for."""


CLIENTS = (
    Client("orq-sdk", "orq"),
    Client("beeos-sdk", "beeos"),
    *(Client(f"generated-{api}", "generated", api) for api in APIS),
    Client("typescript", "ts"),
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


def prepare_generated(sdk_dir: Path, bundles: dict[str, Path]) -> Path:
    """`openapi-python-client generate` of each bundle into `sdk_dir/generated/clients`; that folder."""
    env = sdk_dir / "generated"
    if not (env / "bin" / "openapi-python-client").exists():
        raise NotInstalled(f"{env}: run scripts/install-sdks")
    clients = env / "clients"
    clients.mkdir(exist_ok=True)
    for api, spec in bundles.items():
        package = GENERATED_PACKAGE.format(api=api)
        config = env / f"{api}.config.json"
        config.write_text(json.dumps({"project_name_override": package, "package_name_override": package, "post_hooks": []}))
        done = _run([str(env / "bin" / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "none",
                     "--output-path", str(clients / package), "--overwrite", "--config", str(config)])
        if done.returncode != 0 or not (clients / package / "client.py").exists():
            raise RuntimeError(f"openapi-python-client could not generate a client from {spec}:\n{done.stdout}{done.stderr}")
    return clients


def prepare_typescript(sdk_dir: Path, bundles: dict[str, Path]) -> tuple[Path, str]:
    """openapi-typescript types of each bundle, then `tsc` over ts/check.ts; (the compiled script, tsc's errors)."""
    ts = sdk_dir / "ts"
    bin_dir = ts / "node_modules" / ".bin"
    if not (bin_dir / "tsc").exists():
        raise NotInstalled(f"{ts}: run scripts/install-sdks")
    (ts / "types").mkdir(exist_ok=True)
    for api, spec in bundles.items():
        done = _run([str(bin_dir / "openapi-typescript"), str(spec), "--output", str(ts / "types" / f"{api}.ts"), "--silent"])
        if done.returncode != 0:
            return ts / "out" / "check.js", f"openapi-typescript {spec.name}: {done.stderr.strip() or done.stdout.strip()}"
    for name in ("check.ts", "tsconfig.json"):
        shutil.copyfile(ROOT / "sdk_compat" / "ts" / name, ts / name)
    shutil.rmtree(ts / "out", ignore_errors=True)
    done = _run([str(bin_dir / "tsc"), "-p", str(ts / "tsconfig.json")], cwd=ts)
    return ts / "out" / "check.js", (done.stdout + done.stderr).strip() if done.returncode else ""


def command(client: Client, sdk_dir: Path, plan_path: Path) -> list[str]:
    """The command that runs `client`'s driver on the plan."""
    if client.env == "ts":
        node = shutil.which("node") or "node"
        return [node, str(sdk_dir / "ts" / "out" / "check.js"), str(plan_path)]
    python = sdk_dir / client.env / "bin" / "python"
    if not python.exists():
        raise NotInstalled(f"{sdk_dir / client.env}: run scripts/install-sdks")
    module = {"orq": "orq_sdk", "beeos": "beeos_sdk", "generated": "generated"}[client.env]
    return [str(python), "-m", f"sdk_compat.drivers.{module}", str(plan_path), *([client.api] if client.api else [])]

