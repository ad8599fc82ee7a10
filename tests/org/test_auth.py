"""Organisation API keys: which Authorization headers are accepted, and for which organisation."""

from __future__ import annotations

import pytest

from mock.core.errors import Unauthenticated
from mock.org import PLUGIN

from .conftest import FIXTURES, ORGS


@pytest.mark.parametrize(
    ("header", "org"),
    [
        ("Bearer demo-org-key-quant", "quant"),
        ("bearer demo-org-key-quant", "quant"),  # RFC 7235: the scheme is case-insensitive
        ("Bearer demo-org-key-northwind", "northwind"),  # expires in 2099
        ("Bearer demo-org-key-initech", "initech"),
    ],
)
def test_live_keys_are_bound_to_their_organisation(default_world, header, org):
    assert PLUGIN.authenticate(default_world, header, None).tenant_id == org


@pytest.mark.parametrize(
    ("header", "why"),
    [
        (None, "missing"),
        ("", "missing"),
        ("demo-org-key-quant", "malformed"),
        ("Basic ZGVtbzpkZW1v", "malformed"),
        ("Bearer", "malformed"),
        ("Bearer demo org key", "malformed"),
        ("Bearer demo-org-key-QUANT", "unknown"),
        ("Bearer demo-org-key-quant-expired", "expired"),
    ],
)
def test_bad_credentials_are_rejected(default_world, header, why):
    with pytest.raises(Unauthenticated, match=why):
        PLUGIN.authenticate(default_world, header, None)


def test_a_key_in_the_future_stops_working_once_expired(world, monkeypatch):
    import mock.org.auth as auth

    expires_ms = world.execute("SELECT expires_at_ms FROM org_credentials WHERE token = 'demo-org-key-northwind'").fetchone()[0]
    monkeypatch.setattr(auth, "_now_ms", lambda: expires_ms - 1)
    assert PLUGIN.authenticate(world, "Bearer demo-org-key-northwind", None).tenant_id == "northwind"
    monkeypatch.setattr(auth, "_now_ms", lambda: expires_ms)
    with pytest.raises(Unauthenticated, match="expired"):
        PLUGIN.authenticate(world, "Bearer demo-org-key-northwind", None)


def test_demo_credentials_list_every_key_and_flag_the_expired_one():
    creds = PLUGIN.demo_credentials(FIXTURES)
    assert {c["tenant"] for c in creds} == set(ORGS)
    expired = [c["token"] for c in creds if c["note"].startswith("EXPIRED")]
    assert expired == ["demo-org-key-quant-expired"]
