"""Stoplight Prism, installed with npm into a cache folder on first use, and the single-file spec it serves."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

# Pinned so two runs months apart compare the same Prism; bump deliberately.
PRISM_PACKAGE = "@stoplight/prism-cli@5.14.2"
_INSTALL_TIMEOUT_S = 600


def ensure_prism(cache_dir: Path) -> Path:
    """The `prism` executable under `cache_dir`, running `npm install --prefix cache_dir` first if it is missing."""
    binary = cache_dir / "node_modules" / ".bin" / "prism"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: install Node.js and npm (Debian: apt-get install -y npm) to compare with Prism")
    cache_dir.mkdir(parents=True, exist_ok=True)
    print(f"installing {PRISM_PACKAGE} into {cache_dir} ...", flush=True)
    subprocess.run(
        [npm, "install", "--prefix", str(cache_dir), "--no-audit", "--no-fund", "--loglevel=error", PRISM_PACKAGE],
        check=True, timeout=_INSTALL_TIMEOUT_S, stdin=subprocess.DEVNULL,
    )
    if not binary.exists():
        raise RuntimeError(f"npm install finished but {binary} is missing")
    return binary


def bundled_spec(spec_path: Path, out_dir: Path) -> Path:
    """Write `spec_path` with every relative $ref inlined to one JSON file (the form any tool can read)."""
    from agent_tasks.specs import load_bundled

    out = out_dir / f"{spec_path.parent.name}.openapi.json"
    out.write_text(json.dumps(load_bundled(spec_path)), encoding="utf-8")
    return out


def prism_argv(binary: Path, spec_file: Path, port: int) -> list[str]:
    """`prism mock` with default settings (static examples, request validation, its own logging), on 127.0.0.1."""
    return [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec_file)]
