"""Deterministic synthetic orq worlds: same seed, same bytes; every derived status and optional field both ways."""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
import time
from pathlib import Path
from typing import Callable, Iterator

import yaml

from mock.core import progress
from mock.core.fixture_files import FLOW_ABOVE, flow_task_file, written_atomically
from mock.orq import ulid
from mock.orq.catalogue import AGENT_WEIGHTS, ERRORS, NAMES, PRICES, PROJECT_TENANTS, TENANTS, TOPICS, USERS

_START_MS = 1_736_150_400_000  # 2025-01-06T08:00:00Z
_SPAN_MS = 300 * 24 * 3600 * 1000  # every tenant's tasks fit in about 300 days, however many there are
# (waiting_for_approval, inactive, error) cases; the first ones also test the status precedence.
# Each tenant's first tasks run through all of them in order, so small worlds cover every status.
_STATES = [
    (False, False, None),   # in_progress
    (False, True, None),    # inactive
    (True, False, None),    # approval_required
    (False, True, 0),       # errored (error index 0)
    (True, False, 1),       # errored wins over waiting_for_approval
    (True, True, None),     # approval_required wins over inactive
    (False, True, ""),      # an empty error is no error: inactive
    (False, False, ""),     # ... and in_progress
    (False, False, 2),      # errored while still active
]
_DATES: dict[int, str] = {}  # day number -> "YYYY-MM-DDT": a world spans few days; format each once
_CUMULATIVE = list(itertools.accumulate([30, 40, 12, 6, 2, 2, 2, 2, 4]))
_HEADER = (
    "# {what} of the orq world. Made by mock.orq.generate.generate(out_dir, tasks={tasks}, seed={seed})\n"
    "# (`agent-tasks fixtures generate --api orq --tasks {tasks} --seed {seed} --out <dir>`); regenerate rather\n"
    "# than edit by hand.{note}\n"
)
_ALIAS_NOTE = (
    "\n# An agent snapshot is written in full at its first task (`&acme-research-assistant`) and referenced\n"
    "# by the later ones (`*acme-research-assistant`): YAML expands each reference to the same object."
)


def generate(out_dir: Path, *, tasks: int, seed: int, format: str = "yaml") -> None:
    """Write tenants.yaml and tasks.yaml (or tasks.jsonl) with `tasks` tasks split over the tenants."""
    if format not in ("yaml", "jsonl"):
        raise ValueError(f"format must be 'yaml' or 'jsonl', not {format!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    header = dict(tasks=tasks, seed=seed)
    (out_dir / "tenants.yaml").write_text(
        _HEADER.format(what="Workspaces, API keys and agents", note="", **header) + _dump({"tenants": TENANTS}), encoding="utf-8"
    )
    for stale in ("tasks.yaml", "tasks.jsonl"):
        (out_dir / stale).unlink(missing_ok=True)
    records = progress.track(_records(tasks, random.Random(seed)), total=tasks, description="orq: generating tasks")
    with written_atomically(out_dir / f"tasks.{format}") as fh:
        if format == "jsonl":
            fh.writelines(_json_lines(records))
        elif tasks > FLOW_ABOVE:
            fh.writelines(flow_task_file(_HEADER.format(what="Tasks", note="", **header), _json_lines(records)))
        else:
            fh.write(_HEADER.format(what="Tasks", note=_ALIAS_NOTE, **header) + _dump_tasks(list(records)))


def _json_lines(records: Iterator[dict]) -> Iterator[str]:
    """One compact JSON record per line; each agent snapshot is encoded once, not once per task."""
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    snapshots: dict[int, str] = {}
    for record in records:
        task = record["task"]
        snapshot = task["agent_manifest_snapshot"]
        encoded = snapshots.get(id(snapshot)) or snapshots.setdefault(id(snapshot), dumps(snapshot))
        rest = dumps({key: value for key, value in task.items() if key != "agent_manifest_snapshot"})
        # `_task` puts _id first and the snapshot second, so splicing keeps the key order of the wire.
        head, _, tail = rest.partition(",")
        yield (f'{{"tenant":{dumps(record["tenant"])},"agent":{dumps(record["agent"])},"task":'
               f'{head},"agent_manifest_snapshot":{encoded},{tail}}}\n')


def _dump(data: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: ten times faster
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=110)


def _dump_tasks(records: list[dict]) -> str:
    """tasks.yaml's body, with each shared agent snapshot's anchor named after it, not `id001`."""
    # The emitters number anchors in the order objects are met for the second time.
    names, met = {}, set()
    for record in records:
        snapshot = record["task"]["agent_manifest_snapshot"]
        if id(snapshot) in met and id(snapshot) not in names:
            names[id(snapshot)] = f"{PROJECT_TENANTS[snapshot['project_id']]}-{snapshot['key']}"
        met.add(id(snapshot))
    anchors = {f"id{number:03d}": name for number, name in enumerate(names.values(), start=1)}
    return re.sub(r"(?<=[&*])id\d{3,}\b", lambda m: anchors[m.group(0)], _dump({"tasks": records}))


def _records(total: int, rng: random.Random) -> Iterator[dict]:
    """Each tenant's share of `total`, in creation order within the tenant."""
    for index, tenant in enumerate(TENANTS):
        count = total // len(TENANTS) + (index < total % len(TENANTS))
        yield from _tenant_records(tenant, count, rng)


def _tenant_records(tenant: dict, count: int, rng: random.Random) -> Iterator[dict]:
    agents = {agent["key"]: agent for agent in tenant["agents"]}
    # A weighted round robin, so even a tiny world gives every listed agent tasks.
    cycle = [key for key, weight in AGENT_WEIGHTS[tenant["id"]].items() for _ in range(weight)]
    cycle = cycle[::2] + cycle[1::2]
    mean_gap = max(1, _SPAN_MS // max(count, 1))
    rnd = rng.random  # the C draw; randint and choice cost several Python calls each
    created = _START_MS
    for number in range(count):
        created += 1 + int(rnd() * 2 * mean_gap)
        agent = agents[cycle[number % len(cycle)]]
        case = _STATES[number] if number < len(_STATES) else _STATES[bisect.bisect(_CUMULATIVE, rnd() * _CUMULATIVE[-1])]
        task = _task(tenant, agent, created, case, rnd, rng.getrandbits(80))
        yield {"tenant": tenant["id"], "agent": agent["key"], "task": task}


def _pick(rnd: Callable[[], float], items: list):
    return items[int(rnd() * len(items))]


def _between(rnd: Callable[[], float], low: int, high: int) -> int:
    return low + int(rnd() * (high - low + 1))


def _task(tenant: dict, agent: dict, created: int, case: tuple, rnd: Callable[[], float], randomness: int) -> dict:
    waiting, inactive, error = case
    settings = agent["settings"]
    fresh = error == "" and not inactive  # just started: the first iteration has not called the model yet
    iteration = 1 if fresh else _between(rnd, 1, settings["max_iterations"])
    elapsed = 0 if fresh else round((0.4 + 0.5 * rnd()) * settings["max_execution_time"], 3)
    if error == 0:
        elapsed = float(settings["max_execution_time"])
    updated = created + int(elapsed * 1000) + _between(rnd, 0, 600_000)
    users = USERS[tenant["id"]]
    # Optional fields are omitted rather than null (none is nullable): each appears both ways.
    created_by = _pick(rnd, users) if rnd() < 0.6 else None
    updated_by = _pick(rnd, users) if rnd() < 0.5 else None
    name = _pick(rnd, NAMES[agent["key"]]).format(topic=_pick(rnd, TOPICS), number=_between(rnd, 1000, 99999))
    entity = f"customer_{_between(rnd, 100, 9999)}" if rnd() < 0.5 else None
    task = {"_id": ulid.encode(created, randomness), "agent_manifest_snapshot": agent}
    if created_by is not None:
        task["created_by_id"] = created_by
    if updated_by is not None:
        task["updated_by_id"] = updated_by
    task.update(created=_iso(created), updated=_iso(updated), name=name, workspace_id=tenant["workspace_id"])
    if entity is not None:
        task["memory"] = {"entity_id": entity}
    task["metadata"] = _metadata(rnd)
    state = {"waiting_for_approval": waiting, "inactive": inactive}
    if error is not None:
        state["error"] = ERRORS[error] if isinstance(error, int) else error
    task["state"] = {**state, "iteration": iteration, "accumulated_execution_time": elapsed}
    task["metrics"] = _metrics(agent["model"]["id"], 0 if fresh else iteration, rnd)
    return task


def _metrics(model: str, iteration: int, rnd: Callable[[], float]) -> dict:
    prompt = iteration * _between(rnd, 300, 3000)
    completion = iteration * _between(rnd, 40, 800)
    price_in, price_out = PRICES[model]
    input_cost, output_cost = round(prompt * price_in, 6), round(completion * price_out, 6)
    return {
        "input_cost": input_cost, "output_cost": output_cost, "total_cost": round(input_cost + output_cost, 6),
        "prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
    }


def _metadata(rnd: Callable[[], float]) -> dict:
    kind = int(rnd() * 5)
    if kind == 0:
        return {}
    if kind == 1:
        return {"source": "slack", "thread": {"channel": f"C0{_between(rnd, 10**6, 10**7)}", "reply_count": _between(rnd, 0, 9)}}
    if kind == 2:
        tags = ["billing", "urgent", "vip", "bug"]
        first = _pick(rnd, tags)
        return {"customer": {"tier": _pick(rnd, ["free", "pro", "enterprise"]), "region": _pick(rnd, ["eu", "us", "apac"])},
                "tags": [first, _pick(rnd, [t for t in tags if t != first])]}
    if kind == 3:
        return {"ticket": _between(rnd, 1000, 99999), "priority": _pick(rnd, ["low", "normal", "high"])}
    return {"pipeline": {"run": _between(rnd, 1, 500), "steps": [{"name": "extract", "ok": True}, {"name": "load", "ok": rnd() < 0.8}]}}


def _iso(millis: int) -> str:
    day, in_day = divmod(millis, 86_400_000)
    date = _DATES.get(day) or _DATES.setdefault(day, time.strftime("%Y-%m-%dT", time.gmtime(day * 86_400)))
    seconds, ms = divmod(in_day, 1000)
    minutes, second = divmod(seconds, 60)
    return f"{date}{minutes // 60:02d}:{minutes % 60:02d}:{second:02d}.{ms:03d}Z"

