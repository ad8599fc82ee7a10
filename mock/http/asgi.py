"""Import-string entry point for uvicorn's `--workers` and `--reload`: options come from the environment."""

from mock.core.options import Options
from mock.core.store import Store
from mock.http.app import create_app

_options = Options.from_env()
# With --workers the parent built the world once; every worker opens the same SQLite file.
_store = Store(_options.db_path, _options.apis) if _options.db_path else None
app = create_app(_options, _store)
