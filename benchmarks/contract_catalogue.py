"""Which broken servers plain `schemathesis run` catches and which this suite catches; the suite's run time.

    .venv/bin/python benchmarks/contract_catalogue.py [--seed N] [--max-examples N] [--repeat 3] [--skip-timing]

Every server listens on 127.0.0.1 only. Plain Schemathesis is the CLI from this venv with every check
(`--checks all`), the caller's bearer token, the same real path parameters the suite uses (in a
config file), `--continue-on-failure` so one failure cannot hide another, a bounded
`--max-examples` and a fixed `--seed`. It already fails against the *correct* mock (it cannot know
that `since` is a server-issued cursor or that orq's two cursors exclude each other), so a broken
server counts as caught only by a failure code, on an operation, that the correct mock does not get.
This suite counts a broken server as caught when the check the catalogue names fails in a full run.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mock  # noqa: E402

mock.ensure_ours()

from agent_tasks.apis import APIS  # noqa: E402
from contract_tests import suite  # noqa: E402
from contract_tests.http import Client  # noqa: E402
from contract_tests.options import GROUPS, PROFILES  # noqa: E402
from contract_tests.properties import errors  # noqa: E402
from contract_tests.properties.common import Context  # noqa: E402
from contract_tests.target import in_process_mock  # noqa: E402
from tests.broken.catalogue import CATALOGUE, Tokens  # noqa: E402
from tests.broken.harness import broken_mock  # noqa: E402

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def write_config(target, workdir: Path) -> Path:
    """A schemathesis.toml pinning the path parameters to the values the suite found (an agent, an organisation)."""
    ctx = Context(target=target, client=Client(target.base_url, target.token), profile=PROFILES["fast"])
    try:
        values = errors.path_values(ctx)
    finally:
        ctx.client.close()
    config = workdir / f"{target.api.id}.toml"
    config.write_text("[parameters]\n" + "".join(f'"path.{k}" = "{v}"\n' for k, v in values.items()))
    return config


def plain_schemathesis(target, *, config: Path, seed: int, max_examples: int, workdir: Path) -> set[tuple[str, str]]:
    """Run `schemathesis run` once; return its failures as (operation, failure code) pairs."""
    junit = workdir / "junit.xml"
    junit.unlink(missing_ok=True)
    subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(config), "run", str(target.api.spec_path), "--url", target.base_url,
         "-H", f"Authorization: Bearer {target.token}", "--checks", "all", "--continue-on-failure",
         "--max-examples", str(max_examples), "--seed", str(seed), "--workers", "1", "--generation-database", "none",
         "--no-color", "--report", "junit", "--report-junit-path", str(junit)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    found = set()
    for case in ET.parse(junit).getroot().iter("testcase"):
        for failure in case.findall("failure"):
            found |= {(case.get("name"), code) for code in re.findall(r"^- (ST\d+ [^\n]+)$", failure.text or "", re.M)}
    return found


def catalogue_rows(*, seed: int, max_examples: int) -> list[tuple]:
    """(name, new Schemathesis failure codes, the check of ours that caught it, our failure count) per broken server."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for api in APIS:
            with broken_mock(api) as (app, target):
                config = write_config(target, Path(tmp))
                baseline = plain_schemathesis(target, config=config, seed=seed, max_examples=max_examples, workdir=Path(tmp))
                print(f"[{api}] plain schemathesis against the correct mock: {sorted(code for _, code in baseline) or 'no failure'}", file=sys.stderr)
                for entry in (e for e in CATALOGUE if e.api == api):
                    app.bug = entry.make(Tokens(mine=target.token, theirs=target.other_token))
                    try:
                        new = plain_schemathesis(target, config=config, seed=seed, max_examples=max_examples, workdir=Path(tmp)) - baseline
                        report = suite.run(target, profile=PROFILES["fast"], seed=seed, only=GROUPS, strict=entry.strict)
                    finally:
                        app.bug = None
                    ours = entry.catches if entry.catches in report.failed_checks() else ""
                    rows.append((entry.name, ", ".join(sorted({code.split()[0] for _, code in new})), ours, len(report.failures)))
                    print(f"  {entry.name}: schemathesis {'caught' if new else 'missed'}, suite {'caught' if ours else 'MISSED'}", file=sys.stderr)
    return rows


def timings(*, seed: int, repeat: int) -> dict[tuple[str, str], float]:
    """Median wall time of a whole run of the suite against the in-process mock, per API and profile."""
    found = {}
    for api in APIS:
        with in_process_mock(api) as target:
            for profile in PROFILES:
                runs, failed = [], set()
                for _ in range(repeat):
                    started = time.perf_counter()
                    failed |= suite.run(target, profile=PROFILES[profile], seed=seed).failed_checks()
                    runs.append(time.perf_counter() - started)
                found[(api, profile)] = statistics.median(runs)
                # A time only means something for a run that passes against the correct mock.
                print(f"[{api}] {profile}: {', '.join(f'{r:.1f}s' for r in runs)}; failed checks: {sorted(failed) or 'none'}", file=sys.stderr)
    return found


def main() -> int:
    """Print the catalogue table and the timing table; exit 1 if the suite missed a broken server."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-examples", type=int, default=PROFILES["fast"].schema_max_examples)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()

    rows = catalogue_rows(seed=args.seed, max_examples=args.max_examples)
    width = max(len(r[0]) for r in rows)
    print(f"{'broken server'.ljust(width)}  {'plain schemathesis run':<24}  this suite (failed checks)")
    for name, theirs, ours, failed in rows:
        print(f"{name.ljust(width)}  {(theirs or '-'):<24}  {ours or 'MISSED'} ({failed})")
    plain, mine = sum(1 for r in rows if r[1]), sum(1 for r in rows if r[2])
    print(f"{'caught'.ljust(width)}  {f'{plain}/{len(rows)}':<24}  {mine}/{len(rows)}")
    if not args.skip_timing:
        found = timings(seed=args.seed, repeat=args.repeat)
        print(f"\nsuite run time against the in-process mock, median of {args.repeat}")
        print(f"{'api':<6}  " + "  ".join(f"{p:>8}" for p in PROFILES))
        for api in APIS:
            print(f"{api:<6}  " + "  ".join(f"{found[(api, p)]:>7.1f}s" for p in PROFILES))
    return 0 if mine == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
