"""orq test set-up: the default world loaded once, and cheap private copies of it per test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agent_tasks.apis import get_api
from mock.core.plugin import Principal
from mock.orq import PLUGIN
from tests import worlds
from tests.worlds import copy_of

FIXTURES = get_api("orq").fixtures_dir


def empty_db() -> sqlite3.Connection:
    return worlds.empty_db(PLUGIN)


def load(fixtures_dir: Path) -> sqlite3.Connection:
    return worlds.load(PLUGIN, fixtures_dir)




def principal(tenant: str) -> Principal:
    return Principal(api="orq", tenant_id=tenant)


@pytest.fixture(scope="session")
def default_world() -> sqlite3.Connection:
    """The built-in fixtures, loaded once; tests that write use the `world` copy instead."""
    return load(FIXTURES)


@pytest.fixture
def world(default_world) -> sqlite3.Connection:
    return copy_of(default_world)
