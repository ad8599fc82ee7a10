"""Load a spec, from a file or from a git revision, with every $ref inlined.

Comparing fully dereferenced documents is what makes wire-neutral refactors (moving a schema to
another file, renaming a component) report nothing. A spec at a revision is read file by file with
`git show REV:path`, so split specs resolve exactly as they were committed.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

# libyaml parses a split spec about 8x faster than the pure-Python loader agent_tasks.specs uses.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LoadError(Exception):
    """A spec that cannot be read; the message is one line saying which and why."""


@dataclass(frozen=True)
class SpecSource:
    """Where one side of a diff comes from: a file, or `path` at git revision `rev`."""

    path: Path
    rev: str | None = None

    def __str__(self) -> str:
        # Reports go into PR comments: show the path relative to where the command ran.
        try:
            shown = self.path.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = self.path
        return f"{self.rev}:{shown}" if self.rev else str(shown)


def parse_source(arg: str, spec: str | None) -> SpecSource:
    """Read a BASE/HEAD argument: an existing file, `REV:PATH`, or a revision of `spec`."""
    if Path(arg).is_file():
        return SpecSource(Path(arg))
    rev, sep, path = arg.partition(":")
    if sep and rev and path:
        return SpecSource(Path(path), rev)
    if spec is None:
        raise LoadError(f"{arg!r} is not a file; to name a git revision, give --spec PATH, --api ID or REV:PATH")
    return SpecSource(Path(spec), arg)


def repository_spec(api_id: str, cwd: Path | None = None) -> Path:
    """`--api ID`: spec/ID/openapi.yaml of the git repository the command runs in (not the installed
    package's, which may be another checkout's), so its history is the one `git log` shows here."""
    cwd = Path.cwd() if cwd is None else cwd
    try:
        top = _git(cwd, "rev-parse", "--show-toplevel", what="the git repository here").strip()
    except LoadError:
        raise LoadError(f"--api {api_id} reads spec/{api_id}/openapi.yaml of the git repository the command runs in, "
                        f"and {cwd} is in none; run it in a checkout or give --spec PATH") from None
    return Path(top) / "spec" / api_id / "openapi.yaml"


def load_spec(source: SpecSource) -> dict:
    """The spec `source` names, fully dereferenced."""
    if source.rev is None:
        path = source.path.resolve()
        return _Dereferencer(_file_reader(path.parent)).document(path.name)
    top, relative = _in_repository(source.path)
    _git(top, "rev-parse", "--verify", "--quiet", f"{source.rev}^{{commit}}", what=f"revision {source.rev!r}")
    return _Dereferencer(_git_reader(top, source.rev, posixpath.dirname(relative))).document(posixpath.basename(relative))


def _file_reader(root: Path) -> Callable[[str], Any]:
    def read(name: str) -> Any:
        try:
            return yaml.load((root / name).read_text(encoding="utf-8"), Loader=_LOADER)
        except OSError as exc:
            raise LoadError(f"cannot read {root / name}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise LoadError(f"{root / name}: not UTF-8 text") from None
        except yaml.YAMLError as exc:
            raise LoadError(f"{root / name}: not YAML: {_first_line(exc)}") from None

    return read


def _git_reader(top: Path, rev: str, folder: str) -> Callable[[str], Any]:
    def read(name: str) -> Any:
        path = posixpath.normpath(posixpath.join(folder, name))
        text = _git(top, "show", f"{rev}:{path}", what=f"{path} at {rev}")
        try:
            return yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            raise LoadError(f"{path} at {rev}: not YAML: {_first_line(exc)}") from None

    return read


def _in_repository(path: Path) -> tuple[Path, str]:
    """The repository holding `path` and the path inside it (git's own, slash-separated)."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    anchor = absolute.parent
    while not anchor.is_dir():  # the spec may exist only at the revision, not in the work tree
        anchor = anchor.parent
    top = Path(_git(anchor, "rev-parse", "--show-toplevel", what=f"the git repository of {path}").strip())
    try:
        relative = absolute.parent.resolve().relative_to(top.resolve()) / absolute.name
    except ValueError:
        raise LoadError(f"{path} is outside the git repository {top}") from None
    return top, relative.as_posix()


def _git(cwd: Path, *args: str, what: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise LoadError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        reason = _first_line(done.stderr) or "not found"
        raise LoadError(f"cannot read {what}: {reason}")
    return done.stdout


def _first_line(value: object) -> str:
    return next((line.strip() for line in str(value).splitlines() if line.strip()), "")


class _Dereferencer:
    """Inline every $ref; file names are relative to the spec's folder, slash-separated."""

    def __init__(self, read: Callable[[str], Any]) -> None:
        self._read = read
        self._documents: dict[str, Any] = {}

    def document(self, name: str) -> dict:
        root = self._load(name)
        if not isinstance(root, dict) or not str(root.get("openapi", "")).startswith("3."):
            raise LoadError(f"{name}: not an OpenAPI 3 document (no `openapi: 3.x` at the top)")
        return self._resolve(root, name, ())

    def _load(self, name: str) -> Any:
        if name not in self._documents:
            self._documents[name] = self._read(name)
        return self._documents[name]

    def _target(self, ref: str, name: str) -> tuple[str, str, Any]:
        """Follow `ref` (and any ref it lands on) to a value that is not itself a ref."""
        seen = set()
        while True:
            file_part, _, pointer = ref.partition("#")
            if file_part:
                name = posixpath.normpath(posixpath.join(posixpath.dirname(name), file_part))
            if (name, pointer) in seen:
                raise LoadError(f"{name}: $ref {ref!r} refers to itself")
            seen.add((name, pointer))
            value = self._load(name)
            for part in (p for p in pointer.split("/") if p):
                key = part.replace("~1", "/").replace("~0", "~")
                try:
                    value = value[int(key) if isinstance(value, list) else key]
                except (KeyError, IndexError, ValueError, TypeError):
                    raise LoadError(f"{name}: $ref {ref!r} points nowhere") from None
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return name, pointer, value
            ref = value["$ref"]

    def _resolve(self, node: Any, name: str, stack: tuple[tuple[str, str], ...]) -> Any:
        if isinstance(node, list):
            return [self._resolve(item, name, stack) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            target_name, pointer, value = self._target(node["$ref"], name)
            key = (target_name, pointer)
            if key in stack:
                # A recursive schema: mark the loop by how far up it closes, which stays the same
                # when the schema is renamed or moved to another file.
                return {"$recursive": len(stack) - stack.index(key)}
            return self._resolve(value, target_name, stack + (key,))
        return {key: self._resolve(value, name, stack) for key, value in node.items()}
