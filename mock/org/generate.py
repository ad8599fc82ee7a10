"""Deterministic org worlds: three organisations, dependency chains and hubs, every status and null.

Each task has `dependsOn` (the tasks it waits for, what the `dependsOn` lookup matches); a blocked
task also lists them in `blockedByTaskIds`, the published annotation of blocked tasks.

`generate(out_dir, tasks=600, seed=0)` wrote the committed fixtures/org/; the same seed gives the
same bytes, and a million tasks as jsonl take well under a minute.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from pathlib import Path
from typing import Any, Iterator

import yaml

from mock.core import progress
from mock.core.fixture_files import FLOW_ABOVE, flow_task_file, written_atomically

STATUSES = ("pending", "in_progress", "completed", "failed", "cancelled", "blocked")
_STATUS_CUMULATIVE = tuple(itertools.accumulate((25, 20, 30, 8, 7, 10)))
_START_MS = 1_735_689_600_000  # 2025-01-01T00:00:00Z, the seed's own example timestamp
_VERBS = ("Process", "Review", "Summarise", "Translate", "Classify", "Extract", "Benchmark", "Refactor")
_OBJECTS = ("the quarterly report", "document and create summary", "pull request #42", "customer feedback",
            "the pricing page", "world map tiles", "the onboarding guide", "TPS report cover sheets")
_REASONS = ("Waiting for upstream tasks", "Rate limited by the model provider", "Needs human approval",
            "Missing input document")

# Organisations are fixed (so demo keys never change); `agent-1` and `world-1` exist in several of
# them on purpose, to show that filters never cross organisations. The last agent has no tasks.
TENANTS: tuple[dict[str, Any], ...] = (
    {"id": "quant", "name": "Quant Research", "lists": ("world-1", "world-2", "world-3"),
     "agents": ("agent-code-reviewer", "agent-1", "agent-123", "agent-planner", "agent-on-leave")},
    {"id": "northwind", "name": "Northwind Traders", "lists": ("world-1", "launch-q3"),
     "agents": ("agent-1", "agent-writer", "agent-researcher", "agent-archived")},
    {"id": "initech", "name": "Initech", "lists": ("world-1", "tps-reports"),
     "agents": ("agent-1", "agent-code-reviewer", "agent-tps", "agent-unused")},
)
_CREDENTIALS = {
    "quant": (("demo-org-key-quant", None, "Demo key of organisation quant."),
              ("demo-org-key-quant-expired", "2025-01-01T00:00:00Z", "Expired demo key of quant.")),
    "northwind": (("demo-org-key-northwind", "2099-12-31T23:59:59Z", "Demo key of northwind (expires 2099)."),),
    "initech": (("demo-org-key-initech", None, "Demo key of organisation initech."),),
}
_HEADER = (
    "# {what} of the org world. Made by mock.org.generate.generate(out_dir, tasks={tasks}, seed={seed});\n"
    "# regenerate rather than edit by hand.\n"
)


def _tenants_doc() -> dict[str, Any]:
    return {"tenants": [
        {"id": t["id"], "name": t["name"],
         "credentials": [{"token": tok, "expires_at": exp, "note": note} for tok, exp, note in _CREDENTIALS[t["id"]]],
         "agents": [{"id": a, "name": a.replace("-", " ").capitalize()} for a in t["agents"]]}
        for t in TENANTS
    ]}


# random.choice/choices/randrange are several times slower than one random() call, and a million
# tasks make about ten draws each: these are the hot path of a big world.
def _pick(rng: random.Random, seq: tuple | list):
    return seq[int(rng.random() * len(seq))]


def _uuid4(rng: random.Random) -> str:
    """A version-4 UUID from `rng` (what uuid.UUID(int=..., version=4) gives, without the object)."""
    n = rng.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48) | (0x4000 << 64) | (0x8000 << 48)
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _dependencies(rng: random.Random, i: int, ids: list[str]) -> list[str]:
    # The first tasks are curated: a chain 0 <- 1 <- 2 <- 3 and a task waiting on two others.
    if i < 4:
        return [ids[i - 1]] if i else []
    if i == 4:
        return [ids[0], ids[2]]
    chosen = []
    roll = rng.random()
    if roll < 0.3:
        chosen.append(ids[i - 1])  # chains
    elif roll < 0.55:
        chosen.append(ids[min(int(rng.expovariate(1.0)), 2)])  # three hubs, the first the busiest
    elif roll < 0.65:
        chosen.extend(ids[int(rng.random() * i)] for _ in range(1 + int(rng.random() * 3)))
    return list(dict.fromkeys(chosen))


def _progress(rng: random.Random, status: str) -> float:
    if status in ("pending", "completed"):
        return 0 if status == "pending" else 1
    if status == "in_progress":
        return round(0.05 + rng.random() * 0.9, 2)
    return 0 if rng.random() < 0.5 else round(rng.random() * 0.9, 2)  # stopped before or midway


def _task(rng: random.Random, tenant: dict, i: int, ids: list[str], created: int) -> dict[str, Any]:
    # The first six tasks take the six statuses in turn, so even a tiny world has each one.
    draw = bisect.bisect(_STATUS_CUMULATIVE, rng.random() * _STATUS_CUMULATIVE[-1])
    status = STATUSES[i if i < len(STATUSES) else draw]
    bare = i == 6  # no task list and no assignee
    dependencies = _dependencies(rng, i, ids)
    updated = created if status == "pending" and rng.random() < 0.5 else created + 1 + int(rng.random() * 3_600_000)
    return {
        "taskId": ids[i],
        "orgId": tenant["id"],
        "taskListId": None if bare or rng.random() < 0.15 else _pick(rng, tenant["lists"]),
        "title": f"{_pick(rng, _VERBS)} {_pick(rng, _OBJECTS)}",
        "description": "" if rng.random() < 0.2 else f"Step {i + 1} of the {tenant['name']} pipeline",
        "status": status,
        "assignedAgentId": None if bare or rng.random() < 0.2 else _pick(rng, tenant["agents"][:-1]),
        "progress": _progress(rng, status),
        "blockedReason": _pick(rng, _REASONS) if status == "blocked" and rng.random() < 0.8 else None,
        "blockedByTaskIds": (dependencies or None) if status == "blocked" else None,
        "createdAt": created,
        "updatedAt": updated,
        "dependsOn": dependencies,
    }


def records(*, tasks: int, seed: int) -> Iterator[dict[str, Any]]:
    """`tasks` fixture records `{tenant, task}`, split evenly over the organisations, lazily."""
    if tasks < 0:
        raise ValueError(f"tasks must be >= 0, not {tasks}")
    return _records(tasks, random.Random(seed))


def _records(tasks: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    for n, tenant in enumerate(TENANTS):
        count = tasks // len(TENANTS) + (n < tasks % len(TENANTS))
        ids = [_uuid4(rng) for _ in range(count)]
        created = _START_MS
        for i in range(count):
            # Every 40th task shares its predecessor's createdAt: ties are ordered by taskId.
            created += 0 if i % 40 == 39 else 1_000 + int(rng.random() * 119_000)
            yield {"tenant": tenant["id"], "task": _task(rng, tenant, i, ids, created)}


def generate(out_dir: Path, *, tasks: int = 600, seed: int = 0, format: str = "yaml") -> None:
    """Write tenants.yaml and tasks.yaml (or tasks.jsonl) into `out_dir`, deterministically."""
    if format not in ("yaml", "jsonl"):
        raise ValueError(f"format must be 'yaml' or 'jsonl', not {format!r}")
    rows = records(tasks=tasks, seed=seed)  # checks `tasks` before anything is written
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    header = {"tasks": tasks, "seed": seed}
    with open(out_dir / "tenants.yaml", "w", encoding="utf-8") as fh:
        fh.write(_HEADER.format(what="Organisations, API keys and agents", **header))
        yaml.safe_dump(_tenants_doc(), fh, sort_keys=False, allow_unicode=True)
    for stale in ("tasks.yaml", "tasks.jsonl"):
        (out_dir / stale).unlink(missing_ok=True)
    rows = progress.track(rows, total=tasks, description="org: generating tasks")
    with written_atomically(out_dir / f"tasks.{format}") as fh:
        if format == "jsonl":
            fh.writelines(json.dumps(r, separators=(",", ":")) + "\n" for r in rows)
        elif tasks > FLOW_ABOVE:
            fh.writelines(flow_task_file(_HEADER.format(what="Tasks", **header), (json.dumps(r, separators=(",", ":")) for r in rows)))
        else:
            fh.write(_HEADER.format(what="Tasks", **header))
            yaml.safe_dump({"tasks": list(rows)}, fh, sort_keys=False, allow_unicode=True, width=120)
