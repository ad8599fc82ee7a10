"""BeeOS bearer auth: oag_ keys and HS256 user JWTs accepted, every kind of bad credential refused alike."""

from __future__ import annotations

import time

import jwt
import pytest

from mock.beeos import PLUGIN
from mock.beeos.auth import mint_jwt
from mock.core.errors import Unauthenticated
from tests.beeos.conftest import ALICE, BOB, CAROL, FIXTURES, SETTINGS

SECRET = SETTINGS.jwt_secret


def authenticate(conn, header):
    return PLUGIN.authenticate(conn, header, SETTINGS)


@pytest.mark.parametrize(
    ("header", "owner"),
    [
        ("Bearer oag_demo_alice_main_NOT_A_SECRET", ALICE),
        ("Bearer oag_demo_bob_ci_NOT_A_SECRET", BOB),  # expires in 2099
        ("bearer   oag_demo_carol_main_NOT_A_SECRET  ", CAROL),  # the scheme is case-insensitive
    ],
)
def test_oag_keys_bind_their_owner(default_world, header, owner):
    principal = authenticate(default_world, header)
    assert (principal.api, principal.tenant_id, principal.cursor_secret) == ("beeos", owner, SETTINGS.cursor_secret)


@pytest.mark.parametrize("owner", [ALICE, BOB])
def test_user_jwt_binds_its_subject(default_world, owner):
    assert authenticate(default_world, f"Bearer {mint_jwt(owner, secret=SECRET)}").tenant_id == owner


def _unsigned(claims: dict) -> str:
    return jwt.encode(claims, None, algorithm="none")


def _swap_payload(token: str, payload: bytes) -> str:
    """`token` with another payload under the original signature (what a forger can do)."""
    header, _, signature = token.split(".")
    return f"{header}.{jwt.utils.base64url_encode(payload).decode()}.{signature}"


FUTURE = int(time.time()) + 3600
REFUSED = {
    "missing": None,
    "empty": "",
    "basic scheme": "Basic b2FnX2RlbW86eA==",
    "no token": "Bearer",
    "two tokens": "Bearer oag_demo_alice_main_NOT_A_SECRET extra",
    "unknown key": "Bearer oag_demo_nobody_NOT_A_SECRET",
    "expired key": "Bearer oag_demo_alice_expired_NOT_A_SECRET",
    "garbage": "Bearer not.a.jwt",
    "alg none": "Bearer " + _unsigned({"sub": ALICE, "exp": FUTURE}),
    "other algorithm": "Bearer " + jwt.encode({"sub": ALICE, "exp": FUTURE}, SECRET, algorithm="HS512"),
    "wrong secret": "Bearer " + mint_jwt(ALICE, secret="another-secret-" + "y" * 50),
    "expired jwt": "Bearer " + mint_jwt(ALICE, secret=SECRET, expires_in=-10),
    "no exp": "Bearer " + mint_jwt(ALICE, secret=SECRET, exp=None),
    "no sub": "Bearer " + mint_jwt(ALICE, secret=SECRET, sub=None),
    "non-string sub": "Bearer " + jwt.encode({"sub": 42, "exp": FUTURE}, SECRET, algorithm="HS256"),
    "unknown owner": "Bearer " + mint_jwt("usr_nobody", secret=SECRET),
    "tampered payload": "Bearer " + _swap_payload(mint_jwt(ALICE, secret=SECRET), b'{"sub":"usr_demo_bob","exp":9999999999}'),
}


@pytest.mark.parametrize("header", REFUSED.values(), ids=REFUSED.keys())
def test_bad_credentials_are_unauthenticated(default_world, header):
    with pytest.raises(Unauthenticated) as exc:
        authenticate(default_world, header)
    # The published codes: no credentials at all is missing_token, anything else sent is invalid_token.
    code = "missing_token" if header is None or not header.strip() else "invalid_token"
    assert (exc.value.status, exc.value.code) == (401, code) and exc.value.message


def test_refused_tokens_share_one_message(default_world):
    """An unknown key, an expired key and a forged JWT must be indistinguishable to the caller."""
    messages = set()
    for name in ("unknown key", "expired key", "alg none", "wrong secret", "unknown owner"):
        with pytest.raises(Unauthenticated) as exc:
            authenticate(default_world, REFUSED[name])
        messages.add(exc.value.message)
    assert len(messages) == 1


def test_mint_jwt_sets_sub_iat_exp_and_extra_claims():
    claims = jwt.decode(mint_jwt(ALICE, secret=SECRET, expires_in=60, aud_hint="x"), SECRET, algorithms=["HS256"])
    assert claims["sub"] == ALICE and claims["exp"] - claims["iat"] == 60 and claims["aud_hint"] == "x"


def test_demo_credentials_list_every_key_and_flag_the_expired_ones():
    creds = PLUGIN.demo_credentials(FIXTURES)
    assert {c["tenant"] for c in creds} == {ALICE, BOB, CAROL}
    assert all(c["token"].startswith("oag_") and "mint_jwt" in c["note"] for c in creds)
    expired = [c["token"] for c in creds if "expired" in c["note"] and "always 401" in c["note"]]
    assert expired == [f"oag_demo_{n}_expired_NOT_A_SECRET" for n in ("alice", "bob", "carol")]
