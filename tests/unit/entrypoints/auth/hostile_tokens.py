"""Tokens an attacker (or a broken client) might send; each must be answered with 401, never 5xx."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import jwt
from tests.unit.entrypoints.auth.auth_api import SECRET

from domain.auth.claims import REQUIRED_CLAIMS


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "u-1", "user_id": "u-1", "role": "admin", "iat": now, "nbf": now, "exp": now + 900,
        "jti": f"jti-{time.time_ns()}", "iss": "ingesta", "aud": "ingesta-api", "sid": "sid-1",
        "auth_time": now,
    }  # fmt: skip
    return base | changes


def signed(payload: dict[str, Any] | None = None, *, key: str = SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims() if payload is None else payload, key, algorithm=algorithm)


def signed_raw(payload: bytes) -> str:
    """A correct HS256 signature over a payload that is not a JSON object of claims."""
    signing_input = f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}.{b64(payload)}"
    digest = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(digest)}"


def unsigned(alg: str, signature: str | None) -> str:
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = b64(json.dumps(claims()).encode())
    return f"{header}.{body}" if signature is None else f"{header}.{body}.{signature}"


def with_header(header: str) -> str:
    _, body, signature = signed().split(".")
    return f"{b64(header.encode())}.{body}.{signature}"


def one_signature_byte_changed() -> str:
    header, body, signature = signed().split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[len(raw) // 2] ^= 0x01
    return f"{header}.{body}.{b64(bytes(raw))}"


def without(claim: str) -> str:
    payload = claims()
    del payload[claim]
    return signed(payload)


def nested_header(depth: int) -> str:
    return with_header('{"alg":"HS256","x":' + "[" * depth + "]" * depth + "}")


HOSTILE_TOKENS: dict[str, Callable[[], str]] = {
    **{
        f"alg-{alg}-{shape}": partial(unsigned, alg, sig)
        for alg in ("none", "None", "NONE", "nOnE")
        for shape, sig in (("empty-signature", ""), ("no-signature-part", None), ("junk-signature", "c2ln"))
    },
    "one-signature-byte-changed": one_signature_byte_changed,
    "signed-with-another-key": lambda: signed(key="another-key-" * 6),
    "hs512-when-hs256-is-pinned": lambda: signed(algorithm="HS512"),
    "expired-beyond-leeway": lambda: signed(claims(exp=int(time.time()) - 60)),
    "not-yet-valid-beyond-leeway": lambda: signed(claims(nbf=int(time.time()) + 60)),
    "issued-in-the-future": lambda: signed(claims(iat=int(time.time()) + 60)),
    **{f"missing-{claim}": partial(without, claim) for claim in REQUIRED_CLAIMS},
    "wrong-issuer": lambda: signed(claims(iss="evil")),
    "wrong-audience": lambda: signed(claims(aud="another-api")),
    "audience-as-list": lambda: signed(claims(aud=["ingesta-api"])),
    "exp-as-string": lambda: signed(claims(exp=str(int(time.time()) + 900))),
    "exp-as-word": lambda: signed(claims(exp="tomorrow")),
    "role-as-int": lambda: signed(claims(role=1)),
    "sid-as-object": lambda: signed(claims(sid={"a": 1})),
    "auth-time-as-float": lambda: signed(claims(auth_time=1.5)),
    "payload-not-an-object": lambda: signed_raw(b"[1,2,3]"),
    "header-nested-10000-levels": lambda: nested_header(10_000),
    "header-nested-1000-levels": lambda: nested_header(1_000),
    "header-not-json": lambda: with_header("not json"),
    "payload-not-json": lambda: signed_raw(b"not json"),
    "header-a-list": lambda: with_header('["HS256"]'),
    "100-kb-token": lambda: "a" * 100_000,
    "100-kb-valid-looking-token": lambda: signed(claims(padding="x" * 100_000)),
    "garbage-word": lambda: "garbage",
    "garbage-dots": lambda: "....",
    "garbage-three-parts": lambda: "a.b.c",
    "garbage-base64": lambda: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0",
    "garbage-punctuation": lambda: "!@#$%^&*()",
}
