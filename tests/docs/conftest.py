"""The `chromium` fixture: fails (never skips) when the browser the docs tests need is missing."""

from __future__ import annotations

import shutil

import pytest
from docs_support import INSTALL, Chromium


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    """The installed `chromium`; a missing browser is a failure naming the install command."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail(f"chromium is not installed; the docs tests need it. Install it with:\n    {INSTALL}")
    return Chromium(binary, tmp_path_factory.mktemp("chromium-profile"))
