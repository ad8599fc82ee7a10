"""One mock process for the browser-facing tests, with the default request log on."""

from __future__ import annotations

import pytest

from tests.ui.support import Running, mock_process


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Running:
    with mock_process(tmp_path_factory.mktemp("mock")) as running:
        yield running
