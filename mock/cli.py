"""`agent-tasks mock`, `agent-tasks fixtures generate` and `agent-tasks token`."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import tempfile
import warnings
from pathlib import Path

from agent_tasks.apis import APIS, get_api
from mock.core.errors import startup_problem
from mock.core.options import LOG_FORMATS, Options, exposure_problem

_DEFAULTS = Options()


def add_parser(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("mock", help="serve every API from its spec over a fixtures world")
    serve.add_argument("--host", default=_DEFAULTS.host, help="interface to listen on (default %(default)s)")
    serve.add_argument("--port", type=int, default=_DEFAULTS.port, help="default %(default)s")
    serve.add_argument("--fixtures", type=Path, default=_DEFAULTS.fixtures_dir, help="folder with beeos/, orq/, org/ (default: built-in world)")
    serve.add_argument("--api", action="append", choices=list(APIS), help="serve only these APIs (repeatable; default all)")
    serve.add_argument("--workers", type=int, default=_DEFAULTS.workers, help="worker processes sharing one world (default %(default)s)")
    serve.add_argument("--reload", action="store_true", help="restart when a spec or fixture file changes")
    serve.add_argument("--no-cache", action="store_true", help="always rebuild the world from the fixture files and re-validate the specs")
    serve.add_argument("--jwt-secret", default=_DEFAULTS.jwt_secret, help="HS256 secret of BeeOS JWTs")
    serve.add_argument("--cors-origin", action="append", help="allowed CORS origin of the APIs (repeatable; default any)")
    serve.add_argument("--cursor-secret", help="HMAC secret of BeeOS cursors (default: random per world)")
    serve.add_argument("--admin-token", help="require 'Authorization: Bearer TOKEN' on /__mock/ (needed with a non-loopback --host)")
    serve.add_argument("--admin-cors-origin", action="append", help="allowed CORS origin of /__mock/ (repeatable; default none)")
    serve.add_argument("--validate-responses", action="store_true", help="check every response against the spec")
    serve.add_argument("--log-format", choices=LOG_FORMATS, default=LOG_FORMATS[0], help="request log on stdout: text (coloured on a terminal) or json, one line per request (default %(default)s)")
    serve.add_argument("--quiet", action="store_true", help="no request log")
    serve.set_defaults(func=_serve)

    fixtures = sub.add_parser("fixtures", help="work with fixture worlds")
    fsub = fixtures.add_subparsers(dest="fixtures_command", required=True, metavar="ACTION")
    gen = fsub.add_parser("generate", help="write a deterministic, schema-valid synthetic world")
    gen.add_argument("--api", action="append", choices=list(APIS), help="which API (repeatable; default all)")
    gen.add_argument("--tasks", type=int, required=True, help="number of tasks per API, over all tenants")
    gen.add_argument("--seed", type=int, default=0, help="same seed, same files (default %(default)s)")
    gen.add_argument("--out", type=Path, required=True, help="output folder; each API goes to OUT/<api>/")
    gen.add_argument("--format", choices=("yaml", "jsonl"), default="yaml", help="jsonl for large worlds")
    gen.set_defaults(func=_generate)

    token = sub.add_parser("token", help="mint a BeeOS user JWT the mock accepts")
    token.add_argument("--owner", required=True, help="owner id (the JWT's sub), e.g. from README's table")
    token.add_argument("--expires-in", type=int, default=3600, help="seconds (default %(default)s)")
    token.add_argument("--jwt-secret", default=_DEFAULTS.jwt_secret)
    token.add_argument("--fixtures", type=Path, default=_DEFAULTS.fixtures_dir, help="the world whose owners are accepted (default: built-in)")
    token.add_argument("--any-owner", action="store_true", help="mint for any owner id, e.g. for a server other than this mock")
    token.set_defaults(func=_token)


def _serve(args: argparse.Namespace) -> int:
    # A supervisor's SIGTERM stops the mock as Ctrl-C does, at any point: as SystemExit, every
    # `finally` runs (the world build's child is stopped, the world removed). uvicorn re-raises the
    # signal that stopped it, which ends here too. Restored after: tests call main() in-process.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        return _start_and_serve(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _start_and_serve(args: argparse.Namespace) -> int:
    from mock.core import background, progress, spec_cache, world_cache
    from mock.core.store import Store

    options = _DEFAULTS.replace(
        host=args.host, port=args.port, fixtures_dir=args.fixtures.resolve(), workers=args.workers,
        reload=args.reload, jwt_secret=args.jwt_secret, validate_responses=args.validate_responses,
        cors_origins=tuple(args.cors_origin or _DEFAULTS.cors_origins), apis=tuple(args.api or _DEFAULTS.apis),
        request_log=None if args.quiet else args.log_format,
        cursor_secret=args.cursor_secret or None, admin_token=args.admin_token or None,
        admin_cors_origins=tuple(args.admin_cors_origin or ()),
        world_cache=None if args.no_cache else world_cache.default_dir(),
        spec_cache=None if args.no_cache else spec_cache.default_dir(world_cache.default_dir()),
    )
    if (problem := exposure_problem(options)) is not None:
        print(f"agent-tasks mock: {problem}", file=sys.stderr)
        return 2
    db_path = Path(tempfile.mkdtemp(prefix="agent-tasks-mock-")) / "world.sqlite"

    def build_world() -> None:
        with progress.shown():
            Store.build(
                options.fixtures_dir, options.apis, db_path, cache_dir=options.world_cache,
                write_timeout_s=options.write_timeout_s,
            ).close()

    sock = None
    try:
        # The world is built (and so validated) in a child process while this one binds the port,
        # imports the web stack and checks the specs (mock/core/background.py). A broken fixture
        # or spec, a port in use, fail here, once, in one line, before any worker starts.
        with background.started(build_world) as world:
            sock = _bind(options.host, options.port)
            import uvicorn
            from uvicorn.supervisors import ChangeReload, Multiprocess

            from mock.http import forked
            from mock.http.app import create_app, prepare_specs

            specs = prepare_specs(options)
            world.wait()
        store = Store(db_path, options.apis, write_timeout_s=options.write_timeout_s)
        app = create_app(options.replace(db_path=db_path), store, specs=specs)
    except Exception as exc:
        if sock is not None:
            sock.close()
        return _fail(startup_problem(exc), db_path)
    except BaseException:  # Ctrl-C while the world is built: no half-built world left behind
        if sock is not None:
            sock.close()
        shutil.rmtree(db_path.parent, ignore_errors=True)
        raise
    if not options.reload:
        options = options.replace(db_path=db_path)
    os.environ.update(options.to_env())
    # Reloaded workers build their own worlds: inside our temporary folder, removed below.
    os.environ["TMPDIR"] = str(db_path.parent)
    # Printed once the port is ours: a port in use is one line above, never after this one.
    print(f"agent-tasks mock: serving {', '.join(options.apis)} from {options.fixtures_dir} on http://{options.host}:{options.port}", flush=True)
    # Ctrl-C in the instant before uvicorn's loop starts drops its coroutine unawaited: not worth a warning.
    warnings.filterwarnings("ignore", message="coroutine 'Server.serve' was never awaited", category=RuntimeWarning)
    # The mock serves no WebSocket: "none" also spares each process importing a WebSocket library.
    # Idle keep-alive connections are closed; h11 (if chosen) bounds header size, and the edge
    # middleware (mock/http/edge.py) does for httptools, which has no such limit.
    served = dict(
        host=options.host, port=options.port, ws="none", access_log=False, log_level="warning",
        timeout_keep_alive=options.keep_alive_s, h11_max_incomplete_event_size=options.max_header_bytes,
    )
    try:
        if options.reload:
            # The reloader's processes import and build the app again by name, to pick up edits.
            reload_dirs = [str(get_api(a).spec_path.parent) for a in options.apis] + [str(options.fixtures_dir)]
            config = uvicorn.Config("mock.http.asgi:app", reload=True, reload_dirs=reload_dirs, reload_includes=["*.yaml", "*.jsonl"], **served)
            _supervise(ChangeReload(config, target=uvicorn.Server(config).run, sockets=[sock]))
        elif options.workers > 1 and forked.available():
            forked.serve(app, store, sock=sock, supervise=_supervise, workers=options.workers, **served)
        elif options.workers > 1:
            _supervise(Multiprocess(uvicorn.Config("mock.http.asgi:app", workers=options.workers, **served), sockets=[sock]))
        else:
            uvicorn.Server(uvicorn.Config(app, **served)).run(sockets=[sock])
    finally:
        sock.close()
        shutil.rmtree(db_path.parent, ignore_errors=True)
    return 0


def _supervise(supervisor) -> None:
    """Run a uvicorn supervisor (reloader or worker pool); it ends quietly on Ctrl-C, which is
    re-raised here so that every way of serving ends Ctrl-C alike (one line, exit 130)."""
    interrupted = []
    if hasattr(supervisor, "handle_int"):  # Multiprocess: signals are queued, then handled
        handle_int = supervisor.handle_int
        supervisor.handle_int = lambda: (interrupted.append(True), handle_int())
    else:  # ChangeReload: one handler for every signal
        handler = supervisor.signal_handler
        supervisor.signal_handler = lambda sig, frame: (interrupted.append(sig == signal.SIGINT), handler(sig, frame))
    supervisor.run()
    if any(interrupted):
        raise KeyboardInterrupt


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (as uvicorn binds it), or OSError naming the address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)  # the workers and the reloader's processes serve on it too
    return sock


def _fail(message: str, db_path: Path) -> int:
    print(f"agent-tasks mock: {message}", file=sys.stderr)
    shutil.rmtree(db_path.parent, ignore_errors=True)
    return 2


def _generate(args: argparse.Namespace) -> int:
    from mock.core.registry import plugin

    if args.tasks < 1:
        print("agent-tasks fixtures generate: --tasks must be at least 1", file=sys.stderr)
        return 2
    from mock.core import progress

    for api_id in args.api or list(APIS):
        out = args.out / api_id
        out.mkdir(parents=True, exist_ok=True)
        # Each task file is written to a temporary name and renamed when complete (Ctrl-C leaves none).
        with progress.shown():
            plugin(api_id).generate(out, tasks=args.tasks, seed=args.seed, format=args.format)
        print(f"wrote {out}", flush=True)
    return 0


def _token(args: argparse.Namespace) -> int:
    from mock.beeos.auth import mint_jwt
    from mock.beeos.tenants import read_tenants

    if not args.any_owner:
        # A JWT for an owner the mock does not know is refused with 401: say so now, not at the first request.
        try:
            owners = [t.owner_id for t in read_tenants(args.fixtures / "beeos")]
        except Exception as exc:
            print(f"agent-tasks token: {startup_problem(exc)}", file=sys.stderr)
            return 2
        if args.owner not in owners:
            print(
                f"agent-tasks token: no owner {args.owner!r} in {args.fixtures / 'beeos' / 'tenants.yaml'} "
                f"(owners: {', '.join(owners)}); --fixtures DIR reads another world, --any-owner skips the check",
                file=sys.stderr,
            )
            return 2
    print(mint_jwt(args.owner, secret=args.jwt_secret, expires_in=args.expires_in))
    return 0
