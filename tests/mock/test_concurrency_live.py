"""The live mock under concurrent writes, slow clients and delays: nobody waits on somebody else.

These once froze every API of a worker: the journal's write waited on the event loop for SQLite's
write lock while an admin edit held it and waited for its request body (which the event loop was
to deliver); a declared-but-unsent body did the same; `Prefer: delay` slept in the handler
threads. The clients' timeouts below are far above a healthy answer's and far below those freezes.
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest

from tests.mock.conftest import auth
from tests.mock.serve import serving

_PATIENCE_S = 20


def _new_task(base: str, tenant) -> int:
    agent = tenant.own_urls[0].split("/")[4]
    return httpx.post(f"{base}/__mock/beeos/tasks", json={"tenant": tenant.id, "task": {"agent_id": agent}}, timeout=_PATIENCE_S).status_code


def _read(base: str, tenant) -> int:
    return httpx.get(f"{base}{tenant.list_url}", params={"limit": 20}, headers=auth(tenant), timeout=_PATIENCE_S).status_code


@pytest.mark.parametrize("workers", ["1", "2"])
def test_reads_and_admin_inserts_in_parallel_all_succeed(world_dir, all_tenants, workers):
    alice = all_tenants["beeos"][0]
    tenants = [t for people in all_tenants.values() for t in people]
    with serving("--fixtures", str(world_dir), "--workers", workers) as base, ThreadPoolExecutor(16) as pool:
        writes = [pool.submit(_new_task, base, alice) for _ in range(10)]
        reads = [pool.submit(_read, base, tenants[i % len(tenants)]) for i in range(40)]
        assert [w.result() for w in writes] == [201] * 10
        assert [r.result() for r in reads] == [200] * 40
        entries = httpx.get(f"{base}/__mock/journal", params={"limit": 1000}, timeout=_PATIENCE_S).json()["entries"]
        # Each worker writes its own queue; the one answering has written all of its entries.
        assert 0 < len(entries) <= 40


def test_a_client_that_never_sends_its_body_holds_nobody_up(world_dir, all_tenants):
    alice = all_tenants["beeos"][0]
    with serving("--fixtures", str(world_dir)) as base:
        url = urlsplit(base)
        slow = socket.create_connection((url.hostname, url.port))
        try:
            slow.sendall(
                b"POST /__mock/beeos/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000000\r\n\r\n{\""
            )
            # Meanwhile every kind of request is answered: fast-path reads, Connexion, an admin edit.
            assert _read(base, alice) == 200
            assert httpx.get(f"{base}{alice.list_url}?limit=0", headers=auth(alice), timeout=_PATIENCE_S).status_code == 400
            assert _new_task(base, alice) == 201
            # The slow client is answered (408, the admin envelope) once its time is up, not served.
            slow.settimeout(_PATIENCE_S)
            answer = b""
            while chunk := slow.recv(65536):  # until the mock closes the connection (Connection: close)
                answer += chunk
        finally:
            slow.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"error"' in answer


def test_delays_occupy_no_handler_thread(world_dir, all_tenants):
    # More delayed requests than the WSGI bridge has threads (10); a request that needs one of
    # those threads (the admin API is a Flask blueprint) must still be answered before any delay ends.
    org = all_tenants["org"][0]
    finished: list[str] = []
    lock = threading.Lock()

    def delayed() -> int:
        status = httpx.get(f"{base}{org.list_url}", headers={**auth(org), "Prefer": "delay=4000"}, timeout=_PATIENCE_S).status_code
        with lock:
            finished.append("delayed")
        return status

    with serving("--fixtures", str(world_dir)) as base, ThreadPoolExecutor(24) as pool:
        started = [pool.submit(delayed) for _ in range(20)]
        time.sleep(1)  # let the delayed requests reach the mock first (not a measurement)
        plain = httpx.get(f"{base}/__mock/health", timeout=_PATIENCE_S)
        with lock:
            finished.append("plain")
        assert plain.status_code == 200
        assert [f.result() for f in started] == [200] * 20
    assert finished.index("plain") == 0, finished
