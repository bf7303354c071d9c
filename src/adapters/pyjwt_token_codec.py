"""Signed JWTs with PyJWT: pinned algorithm, every claim required, every failure an InvalidToken."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import jwt
import msgspec
from jwt.algorithms import HMACAlgorithm

from application.errors import InvalidToken
from domain.auth.claims import REQUIRED_CLAIMS, TokenClaims

HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")
_HASHES = {"HS256": HMACAlgorithm.SHA256, "HS384": HMACAlgorithm.SHA384, "HS512": HMACAlgorithm.SHA512}
_DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
# Far above any token we issue; stops hostile megabyte tokens before any parsing.
MAX_TOKEN_LENGTH = 4096


class PyJwtTokenCodec:
    def __init__(
        self, *, secret: str, issuer: str, audience: str, leeway_seconds: int = 10, algorithm: str = "HS256"
    ) -> None:
        if algorithm not in HMAC_ALGORITHMS:
            raise ValueError(
                f"unsupported JWT algorithm {algorithm!r}; use one of {', '.join(HMAC_ALGORITHMS)}"
            )
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds
        self._algorithm = algorithm
        self._jwt = jwt.PyJWT()
        # PyJWT's private PyJWS: the one place to hand it an algorithm that knows our secret is checked.
        self._jwt._jws.unregister_algorithm(algorithm)
        checked = _CheckedSecretHmac(_HASHES[algorithm], secret)
        self._jwt._jws.register_algorithm(algorithm, checked)
        # Encoding is done here, by the JWS compact form (RFC 7515 §7.1), with PyJWT's header and the
        # key PyJWT checked: a login signs one token, and PyJWT's encode (payload checks, two JSON dumps,
        # its algorithm lookup) cost more than the rest of an anonymous login. Decoding stays PyJWT's.
        header = json.dumps({"alg": algorithm, "typ": "JWT"}, separators=(",", ":"), sort_keys=True)
        self._signing_prefix = _segment(header.encode()) + b"."
        self._mac = hmac.new(checked.prepare_key(secret), digestmod=_DIGESTS[algorithm])

    def encode(self, claims: TokenClaims) -> str:
        signing_input = self._signing_prefix + _segment(msgspec.json.encode(claims))
        mac = self._mac.copy()
        mac.update(signing_input)
        return (signing_input + b"." + _segment(mac.digest())).decode("ascii")

    def decode(self, token: str) -> TokenClaims:
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise InvalidToken("the token is missing or too long")
        try:
            payload: dict[str, Any] = self._jwt.decode(
                token,
                self._secret,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": list(REQUIRED_CLAIMS), "strict_aud": True},
            )
            return msgspec.convert(payload, TokenClaims, strict=True)
        # A hostile header can be deeply nested JSON (RecursionError) or not JSON at all; whatever the
        # cause, the client gets the same 401 and we never answer 5xx.
        except (jwt.PyJWTError, msgspec.ValidationError, RecursionError, ValueError, TypeError) as error:
            raise InvalidToken(_reason(error)) from None


class _CheckedSecretHmac(HMACAlgorithm):
    """HMAC whose key check runs once, for the service's own secret.

    PyJWT checks on every encode and decode that an HMAC secret is not a PEM, SSH, DER or JWK key
    (about a fifth of an anonymous login's CPU); the secret is fixed, so it is checked here, once, with
    PyJWT's own check (a key that fails it fails at start), and any other key is checked as before.
    """

    def __init__(self, hash_alg: Any, secret: str) -> None:
        super().__init__(hash_alg)
        self._secret = secret
        self._prepared = super().prepare_key(secret)

    def prepare_key(self, key: str | bytes) -> bytes:
        if key is self._secret or key == self._secret:
            return self._prepared
        return super().prepare_key(key)


def _segment(raw: bytes) -> bytes:
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def _reason(error: Exception) -> str:
    if isinstance(error, jwt.ExpiredSignatureError):
        return "the token has expired"
    if isinstance(error, jwt.ImmatureSignatureError):
        return "the token is not valid yet"
    if isinstance(error, jwt.InvalidSignatureError):
        return "the token signature is not valid"
    if isinstance(error, jwt.MissingRequiredClaimError):
        return f"the token lacks the {error.claim!r} claim"
    if isinstance(error, (jwt.InvalidAudienceError, jwt.InvalidIssuerError)):
        return "the token was not issued for this service"
    return "the token is malformed"
