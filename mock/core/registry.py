"""The API plugins the mock serves, by id (see mock/core/plugin.py for what a plugin provides)."""

from __future__ import annotations

import importlib

from mock.core.plugin import ApiPlugin


def plugin(api_id: str) -> ApiPlugin:
    """The domain package of API `api_id` (mock.beeos, mock.orq, mock.org)."""
    return importlib.import_module(f"mock.{api_id}").PLUGIN
