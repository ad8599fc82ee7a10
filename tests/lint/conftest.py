"""Fixtures for the lint tests: a copy of a repo spec to break, and a minimal spec."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_helpers import copy_spec, write_mini_spec


@pytest.fixture
def org_spec(tmp_path: Path) -> Path:
    """A copy of the org spec (its openapi.yaml) to break."""
    return copy_spec(tmp_path, "org")


@pytest.fixture
def mini_spec(tmp_path: Path) -> Path:
    """A small valid split spec (one operation, one component schema, one example); its openapi.yaml."""
    return write_mini_spec(tmp_path / "mini")
