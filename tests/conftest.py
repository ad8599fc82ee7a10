"""Shared test set-up: make sure `mock` is this project's package, not PyPI's backport."""

import mock

mock.ensure_ours()
