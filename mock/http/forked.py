"""`--workers N` as forks of the process that built the app, so the workers share its memory.

uvicorn starts workers by spawning fresh interpreters that import everything and build the app
again: each worker then costs a whole process (~65 MB) and ~0.6 s. Forked after the build, the
workers share the parent's pages copy-on-write and start at once. uvicorn still supervises them
(health checks, restarts, signals); only its start method changes, and
`tests/mock/test_serve.py` checks that the workers are forks.
"""

from __future__ import annotations

import gc
import multiprocessing

import uvicorn
import uvicorn._subprocess
from uvicorn.supervisors import Multiprocess

from mock.core.store import Store


def available() -> bool:
    """Whether this platform can fork (not Windows); elsewhere uvicorn's spawned workers build the app anew."""
    return "fork" in multiprocessing.get_all_start_methods()


def serve(app, store: Store, *, sock=None, supervise=Multiprocess.run, **config) -> None:
    """Serve `app` with `config["workers"]` forked uvicorn workers on `sock` (bound here if None);
    `supervise(supervisor)` runs uvicorn's worker pool (the CLI's also turns Ctrl-C into exit 130)."""
    config = uvicorn.Config(app, **config)
    # Imports the protocol, lifespan and event-loop modules here, once, for every fork to share.
    config.load()
    config.get_loop_factory()
    # Connexion builds its middleware stack (routes, validators) on the first request: built
    # here, it is built once and shared, not once per worker.
    middleware = app.middleware
    if middleware.middleware_stack is None:
        middleware.app, middleware.middleware_stack = middleware._build_middleware_stack()
    # Each worker opens its own SQLite connections: one carried across fork() must never be used.
    store.close()
    # Objects that exist now are shared with every worker; moved out of the collector's reach,
    # they are not written to (and so copied) by the first garbage collection in each worker.
    # No collection first: next to nothing is cyclic garbage here, and one costs ~30 ms.
    gc.freeze()
    uvicorn._subprocess.spawn = multiprocessing.get_context("fork")
    supervise(Multiprocess(config, sockets=[sock if sock is not None else config.bind_socket()]))
