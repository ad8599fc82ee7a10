"""Import-string entry point for processes that build the app anew: options come from the environment.

Used by `--reload`, and by `--workers N` where fork() is not available (mock/http/forked.py).
"""

import sys

from mock.core.errors import startup_problem
from mock.core.options import Options
from mock.core.store import Store
from mock.http.app import create_app

_options = Options.from_env()
# The parent built the world once; every such process opens the same SQLite file.
_store = Store(_options.db_path, _options.apis, write_timeout_s=_options.write_timeout_s) if _options.db_path else None
try:
    app = create_app(_options, _store)
except Exception as exc:
    # A file edited into a broken state while --reload runs: one line, as at start-up, and the
    # reloader waits for the next edit (a traceback would bury the file and record it names).
    print(f"agent-tasks mock: {startup_problem(exc)}; waiting for the next change", file=sys.stderr, flush=True)
    raise SystemExit(2) from None
