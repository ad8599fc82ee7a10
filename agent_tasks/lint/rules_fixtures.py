"""fixture-valid: a fixtures dir loads into the API's own world (every record against the spec and the world's rules).

The API's domain package is the one judge of its fixtures: the lint runs the very loader the mock
runs at start-up, into a throw-away in-memory database, and reports the first record it rejects.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml

from agent_tasks.lint.documents import yaml_error
from agent_tasks.lint.problem import Problem, shorten
from mock.core.errors import FixtureError
from mock.core.registry import plugin

RULE = "fixture-valid"
_UNKNOWN = ("", "-")  # what FixtureError carries when a problem is about a whole file or record


def _fixture_problem(exc: FixtureError, fixtures_dir: Path) -> Problem:
    file = Path(exc.file)
    if not file.is_absolute():
        file = fixtures_dir / file
    parts = [f"record {exc.record}"] if exc.record not in _UNKNOWN else []
    parts += [f"field {exc.field!r}"] if exc.field not in _UNKNOWN else []
    return Problem(str(file), None, None, RULE, shorten(": ".join([*parts, exc.problem])))


def check(api_id: str, fixtures_dir: Path) -> list[Problem]:
    """The first problem the `api_id` domain package finds loading `fixtures_dir`, if any."""
    fixtures_dir = Path(fixtures_dir).resolve()
    api = plugin(api_id)
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    try:
        conn.executescript(api.schema_sql)
        api.load_world(conn, fixtures_dir)
    except FixtureError as exc:
        return [_fixture_problem(exc, fixtures_dir)]
    except yaml.YAMLError as exc:
        line, column, message = yaml_error(exc)
        mark = getattr(exc, "problem_mark", None)
        if mark is not None and Path(mark.name).is_file():
            return [Problem(mark.name, line, column, RULE, shorten(message))]
        # The loader parsed text, not a file: the line is known but not which file it is in.
        where = f" at line {line}, column {column} of a fixture file" if line is not None else ""
        return [Problem(str(fixtures_dir), None, None, RULE, shorten(message + where))]
    except OSError as exc:
        message = f"cannot read fixtures: {exc.strerror or exc}"
        return [Problem(exc.filename or str(fixtures_dir), None, None, RULE, message)]
    finally:
        conn.close()
    return []
