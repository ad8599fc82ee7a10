"""Serve the mock behind a switchable bug, and run the contract suite against it."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from contract_tests import suite
from contract_tests.options import PROFILES
from contract_tests.report import Report
from contract_tests.target import Target, mock_target, serve
from mock.core.options import Options
from mock.http.app import create_app
from tests.broken.catalogue import Entry, Tokens
from tests.broken.rewrite import BrokenServer


@contextlib.contextmanager
def broken_mock(api: str) -> Iterator[tuple[BrokenServer, Target]]:
    """The mock of `api` on a free 127.0.0.1 port behind a BrokenServer (no bug until one is set)."""
    with tempfile.TemporaryDirectory(prefix="agent-tasks-broken-") as tmp:
        app = BrokenServer(create_app(Options(apis=(api,), db_path=Path(tmp) / "world.sqlite")))
        with serve(app) as base_url:
            yield app, mock_target(api, base_url)


def run_against(app: BrokenServer, target: Target, entry: Entry, *, groups: Iterable[str], profile: str = "fast", seed: int = 0) -> Report:
    """Install `entry`'s bug, run the suite's `groups`, and take the bug out again."""
    app.bug = entry.make(Tokens(mine=target.token, theirs=target.other_token))
    try:
        return suite.run(target, profile=PROFILES[profile], seed=seed, only=groups, strict=entry.strict)
    finally:
        app.bug = None
