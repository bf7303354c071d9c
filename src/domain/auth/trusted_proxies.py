"""Which peer addresses are our own proxies, and so who the client really is behind them."""

from __future__ import annotations

import ipaddress
from functools import cached_property

import msgspec

from domain.errors import DomainValidationError

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class TrustedProxies(msgspec.Struct, frozen=True, dict=True):
    """Addresses and networks (CIDR) whose `X-Forwarded-For` is believed; by default none."""

    networks: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: str) -> TrustedProxies:
        """A comma-separated list such as `10.0.0.0/8, 192.0.2.10`."""
        networks = []
        for part in (piece.strip() for piece in raw.split(",")):
            if not part:
                continue
            try:
                networks.append(str(ipaddress.ip_network(part, strict=False)))
            except ValueError:
                raise DomainValidationError(
                    f"INGESTA_TRUSTED_PROXIES: {part!r} is not an IP address or network, e.g. '10.0.0.0/8'"
                ) from None
        return cls(networks=tuple(networks))

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The client address: the peer, unless it is a trusted proxy.

        Behind trusted proxies the right-most untrusted `X-Forwarded-For` entry is the client: entries
        further left were written by the client itself and may be anything.
        """
        # Without trusted proxies (the default) nothing needs parsing: every request asks this.
        if not self.networks or not forwarded_for or not self._is_trusted(_address(peer)):
            return peer
        client = peer
        for entry in reversed(forwarded_for.split(",")):
            address = _address(entry.strip())
            if address is None:
                break
            client = str(address)
            if not self._is_trusted(address):
                break
        return client

    def _is_trusted(self, address: _Address | None) -> bool:
        return address is not None and any(address in network for network in self._parsed)

    @cached_property
    def _parsed(self) -> tuple[_Network, ...]:
        return tuple(ipaddress.ip_network(network) for network in self.networks)


def _address(raw: str) -> _Address | None:
    try:
        return ipaddress.ip_address(raw)
    except ValueError:
        return None
