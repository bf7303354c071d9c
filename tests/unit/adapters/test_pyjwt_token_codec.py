from __future__ import annotations

import time
from typing import Any

import jwt
import pytest

from adapters.pyjwt_token_codec import PyJwtTokenCodec
from application.errors import InvalidToken
from domain.auth.claims import REQUIRED_CLAIMS, TokenClaims

pytestmark = pytest.mark.unit

SECRET = "unit-test-secret-" * 4


def codec(**overrides: Any) -> PyJwtTokenCodec:
    options: dict[str, Any] = {"secret": SECRET, "issuer": "ingesta", "audience": "ingesta-api"}
    return PyJwtTokenCodec(**{**options, **overrides})


def fresh_claims(**changes: Any) -> TokenClaims:
    now = int(time.time())
    fields: dict[str, Any] = {
        "sub": "u-1", "user_id": "u-1", "role": "uploader", "iat": now, "nbf": now, "exp": now + 900,
        "jti": "jti-1", "iss": "ingesta", "aud": "ingesta-api", "sid": "sid-1", "auth_time": now,
    }  # fmt: skip
    return TokenClaims(**{**fields, **changes})


def signed(payload: dict[str, Any], *, key: str = SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def payload(**changes: Any) -> dict[str, Any]:
    return {name: getattr(fresh_claims(), name) for name in REQUIRED_CLAIMS} | changes


def test_a_token_round_trips_to_the_same_claims() -> None:
    claims = fresh_claims()

    assert codec().decode(codec().encode(claims)) == claims


def test_encoding_uses_the_configured_algorithm() -> None:
    token = codec(algorithm="HS512").encode(fresh_claims())

    assert jwt.get_unverified_header(token)["alg"] == "HS512"
    assert codec(algorithm="HS512").decode(token) == fresh_claims()


def test_only_hmac_algorithms_can_be_configured() -> None:
    with pytest.raises(ValueError, match="unsupported JWT algorithm"):
        codec(algorithm="none")


def test_a_token_signed_with_another_key_is_refused() -> None:
    with pytest.raises(InvalidToken, match="signature"):
        codec().decode(codec(secret="another-secret-" * 5).encode(fresh_claims()))


def test_a_token_of_another_algorithm_is_refused_even_with_the_right_key() -> None:
    with pytest.raises(InvalidToken):
        codec().decode(signed(payload(), algorithm="HS512"))


@pytest.mark.parametrize("claim", REQUIRED_CLAIMS)
def test_a_token_missing_any_required_claim_is_refused(claim: str) -> None:
    incomplete = payload()
    del incomplete[claim]

    with pytest.raises(InvalidToken):
        codec().decode(signed(incomplete))


def test_expiry_within_the_leeway_is_accepted_and_beyond_it_refused() -> None:
    now = int(time.time())
    within = payload(iat=now - 905, nbf=now - 905, exp=now - 5)
    beyond = payload(iat=now - 960, nbf=now - 960, exp=now - 60)

    assert codec(leeway_seconds=10).decode(signed(within)).exp == now - 5
    with pytest.raises(InvalidToken, match="expired"):
        codec(leeway_seconds=10).decode(signed(beyond))


def test_a_token_not_yet_valid_is_refused() -> None:
    later = int(time.time()) + 120

    with pytest.raises(InvalidToken, match="not valid yet"):
        codec().decode(signed(payload(nbf=later, iat=later, exp=later + 900)))


@pytest.mark.parametrize(
    "changes",
    [{"iss": "someone-else"}, {"aud": "another-api"}, {"aud": ["ingesta-api"]}],
    ids=["issuer", "audience", "audience-list"],
)
def test_a_token_for_another_issuer_or_audience_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidToken):
        codec().decode(signed(payload(**changes)))


@pytest.mark.parametrize(
    "changes",
    [{"exp": str(int(time.time()) + 900)}, {"role": 1}, {"auth_time": "yesterday"}, {"sid": None},
     {"iat": 1.5}, {"user_id": ["u-1"]}],
)  # fmt: skip
def test_a_claim_of_the_wrong_type_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidToken):
        codec().decode(signed(payload(**changes)))


@pytest.mark.parametrize("token", ["", "x" * 5000, "a.b.c", "....", "\u00e9.\u00e9.\u00e9", "eyJ9.e30.x"])
def test_garbage_is_refused_as_invalid_token(token: str) -> None:
    with pytest.raises(InvalidToken):
        codec().decode(token)


def test_an_asymmetric_key_as_the_secret_is_refused_at_start() -> None:
    pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"

    with pytest.raises(jwt.InvalidKeyError):
        codec(secret=pem)


def test_tokens_signed_with_the_secret_checked_once_verify_with_plain_pyjwt() -> None:
    token = codec().encode(fresh_claims())

    assert jwt.decode(token, SECRET, algorithms=["HS256"], audience="ingesta-api")["jti"] == "jti-1"
    assert codec().decode(signed(payload())).jti == "jti-1"
    with pytest.raises(InvalidToken):
        codec().decode(signed(payload(), key="another-secret-" * 4))


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_our_own_encoding_signs_the_very_token_pyjwt_would(algorithm: str) -> None:
    claims = fresh_claims()

    token = codec(algorithm=algorithm).encode(claims)

    # The same claims, not fresh ones: a second may pass between two calls of fresh_claims.
    same = {name: getattr(claims, name) for name in REQUIRED_CLAIMS}
    assert token == jwt.encode(same, SECRET, algorithm=algorithm)
    assert codec(algorithm=algorithm).decode(token) == claims
