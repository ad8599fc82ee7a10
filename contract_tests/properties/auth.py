"""Auth, for every operation: missing, malformed and forged credentials get 401 with a Bearer challenge, before any parameter check."""

from __future__ import annotations

import base64
import json
import string

from hypothesis import strategies as st

from contract_tests.options import TOKEN_ENV
from contract_tests.properties import errors
from contract_tests.properties.common import Context, Property, Violation
from contract_tests.spec import operations

_TOKEN_ALPHABET = string.ascii_letters + string.digits + "_-"
_ALG_NONE = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _changed(token: str, index: int) -> str:
    """`token` with the character at `index` replaced by another of the same kind."""
    char = token[index]
    pool = string.digits if char.isdigit() else string.ascii_uppercase if char.isupper() else string.ascii_lowercase
    return token[:index] + next(c for c in pool if c != char) + token[index + 1 :]


_T = "${" + TOKEN_ENV + "}"
"""How a curl command names the caller's token (see contract_tests.http)."""


def _jwt_forgeries(token: str) -> list[tuple[str, str, str]]:
    """For a JWT: `alg: none`, re-signed with a wrong key, claims edited under the old signature, unsigned."""
    import jwt

    head, payload, signature = token.split(".")
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return []
    if not isinstance(claims, dict):
        return []
    edited = _b64(json.dumps({**claims, "sub": f"{claims.get('sub', '')}x"}).encode())
    resigned = jwt.encode(claims, "not-the-secret-of-this-server-0123456789", algorithm="HS256")
    return [
        ("a JWT with alg none", f"{_ALG_NONE}.{payload}.", f"{_ALG_NONE}.{payload}."),
        ("a JWT signed with another key", resigned, resigned),
        ("a JWT whose sub was edited", f"{head}.{edited}.{signature}", f"{head}.{edited}.${{{TOKEN_ENV}##*.}}"),
        ("a JWT without its signature", f"{head}.{payload}.", f"${{{TOKEN_ENV}%.*}}."),
    ]


def fixed_credentials(token: str) -> list[tuple[str, str | None, str | None]]:
    """The bad credentials every server is tried with (see `bad_credentials`)."""
    fixed = [
        ("no Authorization header", None, None),
        ("an empty Authorization header", "", ""),
        ("the Bearer scheme without a token", "Bearer", "Bearer"),
        ("the token without a scheme", token, _T),
        ("the token under the Basic scheme", "Basic " + base64.b64encode(f"{token}:".encode()).decode(), f"Basic $(printf '%s:' \"{_T}\" | base64 | tr -d '\\n')"),
        ("the token cut short", f"Bearer {token[:-1]}", f"Bearer ${{{TOKEN_ENV}%?}}"),
        ("the token with a character appended", f"Bearer {token}A", f"Bearer {_T}A"),
    ]
    if token.count(".") == 2:
        fixed += [(what, f"Bearer {forged}", f"Bearer {shown}") for what, forged, shown in _jwt_forgeries(token)]
    return fixed


def bad_credentials(*, token: str) -> st.SearchStrategy[tuple[str, str | None, str | None]]:
    """(what is wrong, Authorization header or None for none, how curl writes it): missing, malformed, forged.

    The curl form rebuilds a forged header from `${AGENT_TASKS_TOKEN}` with shell expansions, so
    a log never shows what is almost the secret.
    """
    is_jwt = token.count(".") == 2
    # A JWT's last base64 character may carry only padding bits: change one inside the signature instead.
    start = token.rfind(".") + 1 if is_jwt else 0
    positions = [i for i in range(start, len(token) - (1 if is_jwt else 0)) if token[i].isalnum()]

    def changed(i: int) -> tuple[str, str, str]:
        new = _changed(token, i)
        return f"the token with character {i + 1} changed", f"Bearer {new}", f"Bearer ${{{TOKEN_ENV}:0:{i}}}{new[i]}${{{TOKEN_ENV}:{i + 1}}}"

    # Hypothesis also draws string constants it finds in the code under test, the token included.
    texts = st.text(_TOKEN_ALPHABET, min_size=max(len(token), 8), max_size=max(len(token), 8)).filter(lambda t: t != token)
    random = texts.map(lambda t: ("a random token", f"Bearer {t}", f"Bearer {t}"))
    return st.one_of(st.sampled_from(fixed_credentials(token)), st.sampled_from(positions or [0]).map(changed), random)


def check_refusal(ctx: Context, op, exchange, what: str, *, sent: bool) -> None:
    """A 401 carries a Bearer challenge (RFC 7235/6750) and the documented error body.

    `--strict` also wants the mock's choice of an `error="invalid_token"` attribute even when no
    credentials were sent (RFC 6750 lets a server leave it out then).
    """
    challenge = exchange.headers.get("www-authenticate", "")
    if not challenge.lower().startswith("bearer"):
        raise Violation("auth.challenge", f"a WWW-Authenticate: Bearer challenge on the 401 for {what}", repr(challenge) if challenge else "no WWW-Authenticate header", exchange, cause=(op.label, sent))
    if ctx.strict and not sent and "error=" not in challenge:
        raise Violation("auth.challenge_error", f"(--strict) an error attribute in the challenge for {what}, as the mock sends", repr(challenge), exchange, cause=op.label)
    problems = op.body_errors(401, exchange.json) if exchange.json is not None else ["the body is not JSON"]
    if problems:
        # One bug per operation and kind of body, whatever the credential or the query.
        raise Violation("auth.envelope", "the documented 401 error body", f"{problems[0]} in {exchange.summary(80)}", exchange, cause=(op.label, problems[0].partition(":")[0], sent))


def _expired(ctx: Context) -> Property:
    """The credential given as `--expired-token` is refused on every operation, like any bad one."""
    ops = operations(ctx.target.api.spec_path)

    def test(op) -> None:
        values = errors.path_values(ctx)
        exchange = ctx.client.get(op.render(**{name: values[name] for name in op.path_parameters}), token=ctx.target.expired_token)
        if exchange.status != 401:
            raise Violation("auth.expired", "401 for an expired credential", exchange.summary(), exchange)
        check_refusal(ctx, op, exchange, "an expired credential", sent=True)

    return Property("auth", "an expired credential gets 401 on every operation", lambda: st.sampled_from(ops), test, lambda: list(ops), id="auth.expired")


def _rejections(ctx: Context) -> Property:
    ops = operations(ctx.target.api.spec_path)

    def examples():
        values = errors.path_values(ctx)
        queries = st.one_of(st.just(("", [])), errors.invalid_queries(ctx))
        return st.tuples(st.sampled_from(ops), st.just(values), bad_credentials(token=ctx.target.token), queries)

    def test(example) -> None:
        op, values, (what, header, shown), (bad_params, query) = example
        path = op.render(**{name: values[name] for name in op.path_parameters})
        exchange = ctx.client.get(path, query, token=None) if header is None else ctx.client.get(path, query, authorization=header, shown=shown)
        with_params = f" and {bad_params}" if bad_params else ""
        if exchange.status != 401:
            check = "auth.before_params" if bad_params and exchange.status == 400 else "auth.rejected"
            raise Violation(check, f"401 for {what}{with_params}", exchange.summary(), exchange)
        check_refusal(ctx, op, exchange, what, sent=header is not None)

    def explicit():
        values = errors.path_values(ctx)
        return [(op, values, credential, ("", [])) for op in ops for credential in fixed_credentials(ctx.target.token)]

    return Property("auth", "missing, malformed and forged credentials get 401 on every operation", examples, test, explicit)


def properties(ctx: Context) -> list[Property]:
    """The authentication properties of any API; `auth.expired` only with an expired credential."""
    return [_rejections(ctx)] + ([_expired(ctx)] if ctx.target.expired_token else [])
