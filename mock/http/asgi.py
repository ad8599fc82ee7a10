"""Import-string entry point for `--reload`, whose processes build the app anew: options come from the environment."""

from mock.core.options import Options
from mock.core.store import Store
from mock.http.app import create_app

_options = Options.from_env()
# The parent built the world once; every reloaded process opens the same SQLite file.
_store = Store(_options.db_path, _options.apis) if _options.db_path else None
app = create_app(_options, _store)
