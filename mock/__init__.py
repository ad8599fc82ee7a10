"""The agent-tasks mock server (not PyPI's `mock` backport: see `IS_AGENT_TASKS_MOCK`)."""

# PyPI's `mock` backport is also a top-level package called `mock`. Code that needs ours calls
# `mock.ensure_ours()` (the CLI and the test suite do), which fails loudly if the backport won.
IS_AGENT_TASKS_MOCK = True


def ensure_ours() -> None:
    import sys

    module = sys.modules[__name__]
    if not getattr(module, "IS_AGENT_TASKS_MOCK", False):  # pragma: no cover - guard
        raise ImportError(f"'mock' resolved to {module.__file__}, not agent-tasks' mock package")
