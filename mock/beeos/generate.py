"""Deterministic BeeOS worlds of any size (same arguments, same bytes), with every edge case of the seed in each."""

from __future__ import annotations

import functools
import json
import random
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml

from mock.core import progress
from mock.core.fixture_files import FLOW_ABOVE, TASK_FILES, flow_task_file, written_atomically
from mock.beeos.tenants import TENANTS_FILE

OWNERS = (("alice", "Alice Example (demo)"), ("bob", "Bob Example (demo)"), ("carol", "Carol Example (demo)"))
NOW = 1_751_328_000  # 2025-07-01T00:00:00Z: the generated world's "today"
OLD_KEY_EXPIRY = 1_738_281_600  # 2025-01-31T00:00:00Z: each owner's '_old' key submits nothing after it
SPAN = 180 * 86_400
DEADLINES = (3_600, 6 * 3_600, 86_400, 3 * 86_400, 7 * 86_400)
CLOSE_REASONS = ("completed", "failed", "cancelled", "deadline_exceeded")
LABELS = ("billing", "support", "research", "urgent", "weekly-report", "translation")
# The first records of every owner pin the seed's edge cases, so even a 30-task world has them all:
# (agent role, protocol, forced close reason: "" = open, None = random, metadata template).
MUST_HAVES = (
    ("retired", "openapi", None, 0),  # own agent archived since: no longer visible, still listed
    ("prev_private", "openapi", None, 1),  # another owner's agent whose share was revoked
    ("next_private", "conversation", None, 2),  # conversation only: that agent stays a 404
    ("idle", "conversation", None, 3),  # the idle agent has channels but never a task
    ("support", "openapi", "completed", 4),
    ("research", "openapi", "failed", 5),
    ("prev_shared", "openapi", "cancelled", 3),
    ("shared", "openapi", "deadline_exceeded", 2),
    ("support", "openapi", "", 1),
)
AGENT_WEIGHTS = (("support", 30), ("research", 25), ("shared", 10), ("private", 5), ("retired", 8), ("prev_shared", 10), ("prev_private", 7))


def tenants_document() -> dict[str, Any]:
    """tenants.yaml: per owner three oag_ keys (one expired) and six agents, one shared with the next owner."""
    tenants = []
    for i, (name, display) in enumerate(OWNERS):
        nxt = f"usr_demo_{OWNERS[(i + 1) % len(OWNERS)][0]}"
        tenants.append({
            "owner_id": f"usr_demo_{name}",
            "name": display,
            "credentials": [
                {"key_id": f"key_demo_{name}_main", "token": f"oag_demo_{name}_main_NOT_A_SECRET", "expires_at": None, "note": "never expires"},
                {"key_id": f"key_demo_{name}_ci", "token": f"oag_demo_{name}_ci_NOT_A_SECRET", "expires_at": "2099-12-31T23:59:59Z", "note": "expires in 2099"},
                {"key_id": f"key_demo_{name}_old", "token": f"oag_demo_{name}_expired_NOT_A_SECRET", "expires_at": _iso(OLD_KEY_EXPIRY), "note": "expired: refused"},
            ],
            "agents": [
                {"agent_id": f"agt_demo_{name}_support", "name": "Support triage", "archived": False, "shared_with": []},
                {"agent_id": f"agt_demo_{name}_research", "name": "Research assistant", "archived": False, "shared_with": []},
                {"agent_id": f"agt_demo_{name}_shared", "name": "Translator (shared)", "archived": False, "shared_with": [nxt]},
                {"agent_id": f"agt_demo_{name}_private", "name": "Private analyst", "archived": False, "shared_with": []},
                {"agent_id": f"agt_demo_{name}_retired", "name": "Retired bot", "archived": True, "shared_with": []},
                {"agent_id": f"agt_demo_{name}_idle", "name": "Idle agent", "archived": False, "shared_with": []},
            ],
        })
    return {"tenants": tenants}


class _Draws:
    """Uniform draws from one seeded random.Random, each from a single random() call (randint costs 4x more)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.random, self.bits = rng.random, rng.getrandbits

    def pick(self, seq: Sequence[Any]) -> Any:
        """One item of `seq`, uniformly."""
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """An integer in low..high, both included."""
        return low + int(self.random() * (high - low + 1))


_ROLES = tuple(role for role, weight in AGENT_WEIGHTS for _ in range(weight))


def _agent(role: str, i: int) -> str:
    """The agent an owner's role names: its own, or the previous/next owner's for prev_/next_ roles."""
    offset = {"prev": -1, "next": 1}.get(role.split("_")[0], 0)
    return f"agt_demo_{OWNERS[(i + offset) % len(OWNERS)][0]}_{role.split('_')[-1]}"


# Per owner: its agent for every role, and who may submit tasks before / after its old key expired.
_AGENTS = [{role: _agent(role, i) for role, _ in AGENT_WEIGHTS + tuple((r, 0) for r, *_ in MUST_HAVES)} for i in range(len(OWNERS))]
_CALLERS = [
    ((f"usr_demo_{n}", f"key_demo_{n}_main", f"key_demo_{n}_ci", f"key_demo_{n}_old"), (f"usr_demo_{n}", f"key_demo_{n}_main", f"key_demo_{n}_ci"))
    for n, _ in OWNERS
]


@functools.lru_cache(maxsize=4096)
def _day(day: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(day * 86_400))


@functools.lru_cache(maxsize=1)
def _clock() -> tuple[str, ...]:
    """"HH:MM:SS" of every second of a day: a lookup is 6x cheaper than formatting a million timestamps."""
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400))


def _iso(seconds: int) -> str:
    day, rest = divmod(seconds, 86_400)
    return f"{_day(day)}T{_clock()[rest]}Z"


def _metadata(draw: _Draws, template: int) -> dict[str, str]:
    """A string-to-string map (the published `metadata`): empty, numbers and flags as text, an empty value, Unicode."""
    if template == 0:
        return {}
    if template == 1:
        return {"source": "sdk", "sdk_name": "beeos-python", "sdk_version": f"1.{draw.between(0, 9)}.{draw.between(0, 20)}"}
    if template == 2:
        return {"source": "api", "priority": str(draw.between(1, 5)), "labels": f"{draw.pick(LABELS)},{draw.pick(LABELS)}"}
    if template == 3:
        return {
            "prompt": "Summarise the attached report", "attachment_id": f"fil_{draw.bits(40):010x}",
            "attachment_bytes": str(draw.between(1, 10**7)), "trace_id": f"{draw.bits(64):016x}", "parent_trace_id": "",
        }
    if template == 4:
        return {"title": "Résumé de la réunion — 会議の要約 🐝", "locale": draw.pick(("fr-FR", "ja-JP", "de-DE"))}
    return {"retries": str(draw.between(0, 3)), "dry_run": "true" if draw.random() < 0.5 else "false", "budget_usd": f"{draw.between(10, 2000) / 100:.2f}"}


# Where an agent's tasks run: instance <agent owner>_<suffix>, several agents per instance. The
# retired agent's instance is gone (its tasks have none); research also runs on a GPU instance.
_INSTANCES = {"support": "main", "research": "main", "idle": "main", "shared": "lab", "private": "lab", "retired": None}


def _instance(draw: _Draws, agent_id: str) -> str | None:
    owner, role = agent_id.removeprefix("agt_demo_").split("_", 1)
    suffix = "gpu" if role == "research" and draw.random() < 0.3 else _INSTANCES[role]
    return None if suffix is None else f"ins_demo_{owner}_{suffix}"


def _record(draw: _Draws, n: int, owner: int, k: int, created: int) -> dict[str, Any]:
    """Record number `n` of the file, the `k`-th of owner `owner`, created at `created` (epoch seconds)."""
    if k < len(MUST_HAVES):
        role, protocol, reason, template = MUST_HAVES[k]
    else:
        role, template = draw.pick(_ROLES), draw.between(0, 5)
        protocol = "conversation" if draw.random() < 1 / 16 else "openapi"
        open_chance = 0.6 if NOW - created < 7 * 86_400 else 0.1
        reason = "" if draw.random() < open_chance else draw.pick(CLOSE_REASONS)
    deadline = created + draw.pick(DEADLINES)
    if reason is None:
        reason = draw.pick(CLOSE_REASONS + ("",))
    closed = None if not reason else deadline if reason == "deadline_exceeded" else draw.between(created + 60, deadline)
    agent = _AGENTS[owner][role]
    task: dict[str, Any] = {
        "task_id": f"{'tsk' if protocol == 'openapi' else 'cnv'}_{draw.bits(48):012x}{n:06x}",
        "agent_id": agent,
        "caller_id": draw.pick(_CALLERS[owner][created >= OLD_KEY_EXPIRY]),
        "state": "closed" if reason else "active",
    }
    if reason:
        task["close_reason"] = reason
    task["metadata"] = _metadata(draw, template)
    task["created_at"] = _iso(created)
    if closed is not None:
        task["closed_at"] = _iso(closed)
    task["deadline_at"] = _iso(deadline)
    record: dict[str, Any] = {"tenant": f"usr_demo_{OWNERS[owner][0]}", "protocol": protocol}
    instance = _instance(draw, agent)
    if instance is not None:
        record["instance_id"] = instance
    record["task"] = task
    return record


def records(*, tasks: int, seed: int) -> Iterator[dict[str, Any]]:
    """`tasks` records over the owners at random, oldest first; about 5% share the previous one's timestamp."""
    draw = _Draws(seed)
    seen = [0] * len(OWNERS)  # per owner, so its first records are its must-haves
    created, mean_gap = NOW - SPAN, max(1, SPAN // max(tasks, 1))
    for n in range(1, tasks + 1):
        # Equal timestamps make the task_id tie-break observable.
        created += 0 if draw.random() < 0.05 else draw.between(1, 2 * mean_gap)
        owner = draw.between(0, len(OWNERS) - 1)
        yield _record(draw, n, owner, seen[owner], created)
        seen[owner] += 1


def _header(what: str, tasks: int, seed: int, fmt: str) -> str:
    return (
        f"# BeeOS demo world: {what}. All tokens and ids are demo values.\n"
        f"# Generated by mock.beeos.generate.generate(<dir>, tasks={tasks}, seed={seed}, format={fmt!r});\n"
        "# do not edit by hand: change the generator and regenerate (same arguments, same bytes).\n"
    )


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json_line(record: dict[str, Any]) -> str:
    """One jsonl line, assembled by hand (3x faster than json.dumps): generated ids and times need no escaping."""
    task = record["task"]
    instance = f'"instance_id":"{record["instance_id"]}",' if "instance_id" in record else ""
    reason = f'"close_reason":"{task["close_reason"]}",' if "close_reason" in task else ""
    closed = f'"closed_at":"{task["closed_at"]}",' if "closed_at" in task else ""
    return (
        f'{{"tenant":"{record["tenant"]}","protocol":"{record["protocol"]}",{instance}"task":{{"task_id":"{task["task_id"]}",'
        f'"agent_id":"{task["agent_id"]}","caller_id":"{task["caller_id"]}","state":"{task["state"]}",{reason}'
        f'"metadata":{_JSON.encode(task["metadata"])},"created_at":"{task["created_at"]}",{closed}'
        f'"deadline_at":"{task["deadline_at"]}"}}}}\n'
    )


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=120)


def generate(out_dir: Path, *, tasks: int, seed: int, format: str = "yaml") -> None:
    """Write tenants.yaml and tasks.yaml|tasks.jsonl to `out_dir`, removing the other task file."""
    if format not in ("yaml", "jsonl"):
        raise ValueError(f"format must be 'yaml' or 'jsonl', not {format!r}")
    if tasks < 0:
        raise ValueError("tasks must not be negative")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    notes = (
        "# Agents: <owner>_idle is visible and never gets a task; <owner>_retired is archived (its tasks are still\n"
        "# listed); <owner>_shared is shared with the next owner. The next owner still has tasks on <owner>_private\n"
        "# from a share since revoked (listed, though it can no longer see the agent); the previous owner only has a\n"
        "# conversation on it, so that agent is a 404 for them. Each owner's '_old' key expired on 2025-01-31.\n"
    )
    (out / TENANTS_FILE).write_text(_header("owners, oag_ keys, agents", tasks, seed, format) + notes + _dump(tenants_document()), encoding="utf-8", newline="\n")
    data = records(tasks=tasks, seed=seed)
    target = out / f"tasks.{format}"
    for name in TASK_FILES:
        if out / name != target:
            (out / name).unlink(missing_ok=True)
    data = progress.track(data, total=tasks, description="beeos: generating tasks")
    notes = (
        "# protocol: conversation records are channels that must never appear in a task list.\n"
        "# instance_id: the instance the channel runs on (what ?instance_id= matches; not a field of the row).\n"
    )
    with written_atomically(target) as fh:
        if format == "jsonl":
            fh.writelines(map(_json_line, data))
        elif tasks > FLOW_ABOVE:
            fh.writelines(flow_task_file(_header("task channels", tasks, seed, format) + notes, map(_json_line, data)))
        else:
            fh.write(_header("task channels", tasks, seed, format) + notes + _dump({"tasks": list(data)}))
