from __future__ import annotations

import pytest

from domain.auth.trusted_proxies import TrustedProxies
from domain.errors import DomainValidationError

pytestmark = pytest.mark.unit


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_forwards() -> None:
    proxies = TrustedProxies.parse("")

    assert proxies.client("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_a_trusted_peer_hands_over_the_right_most_untrusted_forwarded_address() -> None:
    proxies = TrustedProxies.parse("10.0.0.0/8, 192.0.2.10")

    # The client may put anything at the left; only what our own proxies appended is believed.
    forwarded = "1.1.1.1, 198.51.100.23, 10.1.2.3"
    assert proxies.client("192.0.2.10", forwarded) == "198.51.100.23"


def test_an_untrusted_peer_cannot_choose_its_address_with_a_header() -> None:
    proxies = TrustedProxies.parse("10.0.0.0/8")

    assert proxies.client("203.0.113.7", "10.0.0.1, 198.51.100.1") == "203.0.113.7"


def test_a_trusted_peer_without_a_usable_header_is_the_client() -> None:
    proxies = TrustedProxies.parse("10.0.0.0/8")

    assert proxies.client("10.0.0.5", None) == "10.0.0.5"
    assert proxies.client("10.0.0.5", "not-an-address, 10.0.0.7") == "10.0.0.7"
    assert proxies.client("10.0.0.5", "10.0.0.6, 10.0.0.7") == "10.0.0.6"


def test_ipv6_and_non_address_peers() -> None:
    proxies = TrustedProxies.parse("::1, 2001:db8::/32")

    assert proxies.client("::1", "2001:db8::5, 2001:0db8:ffff::1") == "2001:db8::5"
    assert proxies.client("testclient", "198.51.100.1") == "testclient"


@pytest.mark.parametrize("raw", ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8x"])
def test_a_bad_entry_is_named(raw: str) -> None:
    with pytest.raises(DomainValidationError, match="INGESTA_TRUSTED_PROXIES"):
        TrustedProxies.parse(raw)
