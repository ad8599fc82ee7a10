"""The mock against Stoplight Prism on `GET /api/v1/tasks?limit=20`, same spec, same machine, same run.

Prints medians of several runs: wrk requests/s and p50/p99 at fixed concurrency (Prism, then the
mock with one and with N workers, one process tree at a time); cold start to the first 200 and
peak RSS (built-in fixtures and a generated 1M-task world); sequential page latency at 1k and 1M
tasks. Needs wrk (Debian) and npm; Prism and the generated worlds are cached in benchmarks/.cache.

    .venv/bin/python benchmarks/mock_vs_prism.py            # full run, about 6 minutes on 2 cores
    .venv/bin/python benchmarks/mock_vs_prism.py --quick    # smoke run, under a minute once cached
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from perf import pages, procs, wrk
from perf.prism import bundled_spec, ensure_prism, prism_argv
from perf.report import median, table, verdict

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
PAGE = "/api/v1/tasks"
PARAMS = {"limit": "20"}
OWNER, TOKEN = "usr_demo_alice", "oag_demo_alice_main_NOT_A_SECRET"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 run each, 3 s loads, a 20k-task large world")
    parser.add_argument("--runs", type=int, help="runs per figure, median printed (default 3; --quick 1)")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 10; --quick 3)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default %(default)s)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default %(default)s)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="the mock's --workers besides 1 (default: cores, %(default)s)")
    parser.add_argument("--tasks", type=int, help="tasks in the large world (default 1,000,000; --quick 20,000)")
    parser.add_argument("--phases", default="throughput,startup,latency", help="comma-separated subset (default all)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 3)
    args.duration = min(args.duration or (3 if args.quick else 10), 60)  # never an unbounded load
    args.tasks = args.tasks or (20_000 if args.quick else 1_000_000)
    args.phases = set(args.phases.split(","))
    return args


def agent_tasks() -> str:
    """The `agent-tasks` console script of the interpreter running this file (the project's venv)."""
    script = Path(sys.executable).with_name("agent-tasks")
    if not script.exists():
        raise RuntimeError(f"{script} not found: run this with the project's venv, e.g. .venv/bin/python")
    return str(script)


def mock_argv(port: int, workers: int, world: Path | None) -> list[str]:
    """`agent-tasks mock` as a user runs it, on `world` (None: the built-in fixtures)."""
    # A known cursor secret: the latency phase signs a cursor deep in the list (perf/pages.py).
    argv = [agent_tasks(), "mock", "--port", str(port), "--workers", str(workers), "--cursor-secret", pages.CURSOR_SECRET]
    # A generated world has BeeOS only; the built-in one is served whole, as a user would run it.
    return argv + (["--fixtures", str(world), "--api", "beeos"] if world else [])


def generated_world(tasks: int) -> Path:
    """A cached `agent-tasks fixtures generate` world of `tasks` BeeOS tasks (jsonl), made once."""
    world = CACHE / "worlds" / f"beeos-{tasks}"
    if not world.exists():
        print(f"generating a {tasks:,}-task world into {world} ...", flush=True)
        partial = world.with_name(world.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        cmd = [agent_tasks(), "fixtures", "generate", "--api", "beeos", "--tasks", str(tasks), "--format", "jsonl", "--out", str(partial)]
        subprocess.run(cmd, check=True, timeout=1800, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        partial.rename(world)  # only a complete world is ever cached
    return world


class Bench:
    """One benchmark run: a scratch folder for logs and the bundled spec, and the servers it starts."""

    def __init__(self, args: argparse.Namespace, scratch: Path) -> None:
        self.args, self.scratch = args, scratch
        self.memory_under_load: dict[str, float] = {}
        self.prism = ensure_prism(CACHE / "prism") if args.phases & {"throughput", "startup"} else None
        from agent_tasks.apis import APIS

        self.spec = bundled_spec(APIS["beeos"].spec_path, scratch)

    def server(self, name: str, kind: str, *, workers: int = 1, world: Path | None = None, cache: Path | None = None):
        """A server to start; the mock keeps its world cache in `cache` (default: this run's own, never ~/.cache)."""
        port = procs.free_port()
        argv = prism_argv(self.prism, self.spec, port) if kind == "prism" else mock_argv(port, workers, world)
        log = self.scratch / f"{name.replace(' ', '_').replace(',', '')}.log"
        env = {"XDG_CACHE_HOME": str(cache or self.scratch / "xdg")}
        return procs.serve(name, argv, f"http://127.0.0.1:{port}{PAGE}?limit=20", log, env=env)

    def say(self, text: str) -> None:
        print(f"\n{text}", flush=True)

    def targets(self) -> list[tuple[str, str]]:
        return [("prism", "Prism (default settings)"), *[(f"mock-{w}", f"mock --workers {w}") for w in sorted({1, self.args.workers})]]

    def throughput(self) -> dict[str, float]:
        a, rows, rps = self.args, [], {}
        load = dict(headers=AUTH, threads=a.threads, connections=a.connections)
        with contextlib.ExitStack() as stack:
            servers = {}
            for key, label in self.targets():
                kind, workers = ("prism", 1) if key == "prism" else ("mock", int(key.split("-")[1]))
                # Its own world cache: the start-up phase's first starts must find theirs empty.
                servers[key] = stack.enter_context(self.server(label, kind, workers=workers, cache=self.scratch / "xdg-throughput"))
                servers[key].wait_ready(AUTH, timeout=120)
                with servers[key].sampling():
                    wrk.run(servers[key].url, seconds=min(3, a.duration), **load)  # warm-up (JIT, caches, pools), not counted
            # Round-robin, one load at a time while the others idle: a burst from a neighbour on a
            # shared machine then hits every server alike instead of skewing one server's figures.
            runs, cpu = {key: [] for key in servers}, {key: [] for key in servers}
            for _ in range(a.runs):
                for key, srv in servers.items():
                    before = srv.cpu_seconds()
                    with srv.sampling():
                        runs[key].append(wrk.run(srv.url, seconds=a.duration, **load))
                    # CPU per request barely depends on what else the machine runs, unlike req/s.
                    cpu[key].append((srv.cpu_seconds() - before) / max(runs[key][-1].requests, 1) * 1e6)
            memory = {key: (srv.peak_rss_mb(), srv.peak_pss_mb()) for key, srv in servers.items()}
        for key, label in self.targets():
            rps[key] = median([r.rps for r in runs[key]])
            errors = sum(r.errors for r in runs[key])
            p50, p99 = median([r.p50_ms for r in runs[key]]), median([r.p99_ms for r in runs[key]])
            rows.append([label, rps[key], p50, p99, rps[key] / rps["prism"], median(cpu[key]), errors])
        title = f"Throughput: GET {PAGE}?limit=20, wrk -t{a.threads} -c{a.connections} -d{a.duration}s, median of {a.runs} runs"
        self.say(table(title, ["server", "req/s", "p50 ms", "p99 ms", "x Prism", "CPU us/req", "errors"], rows))
        rows = [[label, *memory[key], memory[key][1] / memory["prism"][1]] for key, label in self.targets()]
        title = "Memory of each process tree through its start, warm-up and every run above (peak)"
        self.say(table(title, ["server", "RSS sum MB", "PSS MB", "PSS x Prism"], rows))
        self.memory_under_load = {key: figures[1] for key, figures in memory.items()}
        return rps

    def startup(self) -> dict[str, tuple[float, float]]:
        a, rows, figures = self.args, [], {}
        large = generated_world(a.tasks)
        workers = sorted({1, a.workers})
        # (key, label, kind, workers, world, starts, cold). A cold start builds the world from the
        # fixture files (a user's first start); later starts find it in the mock's world cache.
        cases = [("prism", "Prism (default settings)", "prism", 1, None, a.runs, False)]
        cases += [("fixtures-cold", "mock, built-in fixtures, first start", "mock", 1, None, a.runs, True)]
        cases += [(f"fixtures-{w}", f"mock, built-in fixtures, --workers {w}", "mock", w, None, a.runs, False) for w in workers]
        # Building a million tasks takes minutes: one cold start is enough to show it.
        cases += [("large-cold", f"mock, {a.tasks:,} tasks, first start", "mock", 1, large, 1, True)]
        cases += [(f"large-{w}", f"mock, {a.tasks:,} tasks, --workers {w}", "mock", w, large, a.runs, False) for w in workers]
        for key, label, kind, n_workers, world, starts_wanted, cold in cases:
            starts, peaks = [], []
            for i in range(starts_wanted):
                # The first cold start fills this run's cache for the warm rows; later ones start empty.
                cache = self.scratch / f"xdg-cold-{key}-{i}" if cold and i else None
                with self.server(label, kind, workers=n_workers, world=world, cache=cache) as srv:
                    starts.append(srv.wait_ready(AUTH, timeout=900 if cold else 120))
                    peaks.append((srv.peak_rss_mb(), srv.peak_pss_mb()))
                if cache:
                    shutil.rmtree(cache, ignore_errors=True)
            figures[key] = (median(starts), median([p[0] for p in peaks]), median([p[1] for p in peaks]))
            rows.append([label, len(starts), *figures[key], figures[key][2] / figures["prism"][2]])
        title = f"Start (spawn to first 200 of GET {PAGE}?limit=20) and the process tree's peak memory, median of the starts"
        self.say(table(title, ["server", "starts", "start s", "RSS sum MB", "PSS MB", "PSS x Prism"], rows))
        return figures

    def latency(self) -> dict[str, tuple[float, float]]:
        a, rows, figures = self.args, [], {}
        requests = 100 if a.quick else 500
        for tasks in (1_000, a.tasks):
            with self.server(f"mock, {tasks:,} tasks", "mock", world=generated_world(tasks)) as srv:
                srv.wait_ready(AUTH, timeout=300)
                url = srv.url.split("?")[0]
                first = pages.measure(url, headers=AUTH, params=PARAMS, requests=requests)
                # state=all: the older half of a world is mostly closed tasks, and the page should hold 20.
                middle = {**PARAMS, "state": "all", "since": pages.deep_cursor(OWNER)}
                deep = pages.measure(url, headers=AUTH, params=middle, requests=requests)
            figures[str(tasks)] = (first.median_ms, deep.median_ms)
            rows.append([f"{tasks:,} tasks", first.median_ms, first.p99_ms, first.tasks, deep.median_ms, deep.p99_ms, deep.tasks])
        small, large = figures["1000"], figures[str(a.tasks)]
        rows.append([f"ratio {a.tasks:,} / 1,000", large[0] / small[0], "", "", large[1] / small[1], "", ""])
        title = f"Page latency, --workers 1, {requests} sequential requests on one connection (median / p99)"
        self.say(table(title, ["world", "first page ms", "p99", "tasks", "middle (state=all) ms", "p99", "tasks"], rows))
        return figures

    def summary(self, rps: dict, starts: dict, pages_: dict) -> None:
        a, w, rows = self.args, self.args.workers, []
        if rps:
            for key, label in self.targets()[1:]:
                rows.append([f"req/s >= 1.5x Prism ({label})", f"{rps[key] / rps['prism']:.2f}x", verdict(rps[key] >= 1.5 * rps["prism"])])
        if starts:
            pm = starts["prism"][2]
            for key, what in (("fixtures-cold", "first start"), *((f"fixtures-{n}", f"start, --workers {n}") for n in sorted({1, w}))):
                rows.append([f"{what}, built-in fixtures < 1 s", f"{starts[key][0]:.2f} s", verdict(starts[key][0] < 1)])
            for key in ("fixtures-cold", *(f"fixtures-{n}" for n in sorted({1, w}))):
                label = "first start" if key == "fixtures-cold" else f"--workers {key.split('-')[1]}"
                rows.append([f"peak PSS at start, built-in fixtures, {label} <= 0.5x Prism", f"{starts[key][2] / pm:.2f}x", verdict(starts[key][2] <= 0.5 * pm)])
        if rps:
            load = self.memory_under_load
            for key, label in self.targets()[1:]:
                rows.append([f"peak PSS under load, {label} <= 0.5x Prism", f"{load[key] / load['prism']:.2f}x", verdict(load[key] <= 0.5 * load["prism"])])
        if starts:
            for key, what in (("large-cold", "first start"), ("large-1", "start (cached world)")):
                rows.append([f"{what}, {a.tasks:,} tasks < 10 s", f"{starts[key][0]:.2f} s", verdict(starts[key][0] < 10)])
            peak = max(figure[1] for key, figure in starts.items() if key.startswith("large"))
            rows.append([f"peak RSS sum, {a.tasks:,} tasks, any start < 1.5 GB", f"{peak:,.0f} MB", verdict(peak < 1500)])
        if pages_:
            ratio = pages_[str(a.tasks)][0] / pages_["1000"][0]
            rows.append([f"first page at {a.tasks:,} within 1.3x of 1,000", f"{ratio:.2f}x", verdict(ratio <= 1.3)])
        self.say(table("Targets of issue 3", ["target", "measured", "verdict"], rows))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A plain `kill` must stop the servers too, so SIGTERM/SIGHUP act as Ctrl-C; SIGINT is set
    # explicitly because a shell starts background jobs with it ignored.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.default_int_handler)
    wrk.require_wrk()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {_load()}; quick={args.quick} runs={args.runs}", flush=True)
    # As `pip install` would have: the mock's own modules compiled once, not at every start (an
    # editable install under PYTHONDONTWRITEBYTECODE would compile them at every start).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "agent_tasks"), str(ROOT / "mock")], check=True)
    with tempfile.TemporaryDirectory(prefix="mock-vs-prism-") as scratch:
        bench = Bench(args, Path(scratch))
        try:
            rps = bench.throughput() if "throughput" in args.phases else {}
            starts = bench.startup() if "startup" in args.phases else {}
            lat = bench.latency() if "latency" in args.phases else {}
        except KeyboardInterrupt:
            print("\ninterrupted: every server started was stopped", file=sys.stderr)
            return 130
        bench.summary(rps, starts, lat)
    # Other work on the machine skews every figure: say how busy it was.
    print(f"\nload average at the end: {_load()} (1, 5, 15 min)")
    return 0


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
