"""no-unused-components: every component entry is reached by a $ref, and every component file is referenced.

Dead components mislead readers ("which error schema is the real one?") and drift unchecked,
because no test ever exercises them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from agent_tasks.lint.documents import Node, RefError
from agent_tasks.lint.problem import Problem
from agent_tasks.lint.walk import Spec, is_name_map, iter_refs

RULE = "no-unused-components"
# Folders of a Redocly-split spec whose files exist only to be referenced.
_REFERENCED_FOLDERS = ("components", "paths")


def _reached(spec: Spec) -> set[tuple[Path, str]]:
    """(file, pointer) of every $ref target reachable from the document outside `components`."""
    reached: set[tuple[Path, str]] = set()
    queue = [
        (child, is_name_map(key, names=False)) for key, child in spec.root.items() if key != "components"
    ]
    while queue:
        node, names = queue.pop()
        for ref in iter_refs(node, names=names):
            try:
                target = spec.docs.target(ref)
            except RefError:
                continue
            if (target.file, target.pointer) not in reached:
                reached.add((target.file, target.pointer))
                queue.append((target, False))
    return reached


def _used(spec: Spec, entry: Node, reached: set[tuple[Path, str]]) -> bool:
    if (entry.file, entry.pointer) in reached:
        return True
    if entry.ref is None:
        return False
    try:
        target = spec.docs.target(entry)
    except RefError:
        return True  # no-unresolved-refs reports it; calling it unused too would be noise
    # Paths files may point into a component file rather than at its root.
    return any(
        file == target.file and (pointer + "/").startswith(target.pointer + "/") for file, pointer in reached
    )


def _required_schemes(spec: Spec) -> set[str]:
    lists = [spec.root.value.get("security")] + [op.node.value.get("security") for op in spec.operations]
    return {
        name
        for requirements in lists if isinstance(requirements, list)
        for requirement in requirements if isinstance(requirement, dict)
        for name in requirement
    }


def check(spec: Spec) -> Iterator[Problem]:
    """Unused `components` entries, security schemes no requirement names, and orphan files."""
    components = spec.root.get("components")
    reached = _reached(spec)
    for kind, section in components.items() if components is not None else ():
        if kind == "securitySchemes":
            required = _required_schemes(spec)
            for name, entry in section.items():
                if name not in required:
                    yield spec.problem(RULE, entry, f"security scheme {name!r} is not required by any operation")
            continue
        for name, entry in section.items() if isinstance(section.value, dict) else ():
            if not _used(spec, entry, reached):
                yield spec.problem(RULE, entry, f"components.{kind}.{name} is never referenced")
    known = set(spec.files) | set(spec.broken_files)
    base = spec.root.file.parent
    for folder in _REFERENCED_FOLDERS:
        for file in sorted((base / folder).rglob("*")):
            if file.suffix in (".yaml", ".yml") and file not in known:
                relative = os.path.relpath(file, base)
                yield Problem(str(file), 1, 1, RULE, f"{relative} is not referenced by any $ref")
