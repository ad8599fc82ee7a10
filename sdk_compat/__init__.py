"""The SDK compatibility suite: the official SDKs and generated clients, driven against the live mock.

The runner (`python -m sdk_compat`, `runner.py`) lives in the project's venv; each driver
(`drivers/`) runs in an environment of its own under `.sdk/` (made by `scripts/install-sdks`),
because the SDKs' pinned dependencies may clash with the project's. Drivers import only the
standard library, `sdk_compat.drivers` and their client; this package's `__init__` stays empty
for that reason.
"""
