"""Workspace API keys: who is accepted, who is refused, and that the key decides the workspace."""

from __future__ import annotations

import pytest

from mock.core.errors import Unauthenticated
from mock.core.options import Options
from mock.orq.auth import authenticate

SETTINGS = Options()


@pytest.mark.parametrize(
    ("header", "tenant"),
    [
        ("Bearer orq-demo-key-acme", "acme"),
        ("bearer orq-demo-key-acme", "acme"),
        ("Bearer   orq-demo-key-initech  ", "initech"),
        ("Bearer orq-demo-key-globex", "globex"),  # expires in 2099
    ],
)
def test_a_known_unexpired_key_names_its_workspace(default_world, header, tenant):
    principal = authenticate(default_world, header, SETTINGS)
    assert (principal.api, principal.tenant_id) == ("orq", tenant)


@pytest.mark.parametrize(
    ("header", "why"),
    [
        (None, "missing"),
        ("", "missing"),
        ("   ", "missing"),
        ("orq-demo-key-acme", "malformed"),
        ("Basic orq-demo-key-acme", "malformed"),
        ("Bearer", "malformed"),
        ("Bearer ", "malformed"),
        ("Bearer orq-demo-key-acme extra", "malformed"),
        ("Bearer orq-demo-key-nobody", "unknown"),
        ("Bearer ORQ-DEMO-KEY-ACME", "unknown"),
        ("Bearer orq-demo-key-acme-expired", "expired"),
    ],
)
def test_missing_malformed_unknown_and_expired_keys_are_refused(default_world, header, why):
    with pytest.raises(Unauthenticated, match=why) as refused:
        authenticate(default_world, header, SETTINGS)
    assert (refused.value.status, refused.value.code) == (401, "unauthorized")


def test_a_key_stops_working_once_it_expires(world):
    world.execute("UPDATE orq_api_keys SET expires_at_ms = 1 WHERE token = 'orq-demo-key-globex'")
    with pytest.raises(Unauthenticated, match="expired"):
        authenticate(world, "Bearer orq-demo-key-globex", SETTINGS)
