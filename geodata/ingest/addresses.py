"""Which addresses may be connected to, checked at connect time on the address actually used.

Every host name is resolved, every address it resolves to is checked (loopback, private,
link-local, reserved, multicast and the like are refused unless a configured network allows
them), and the connection is made to a checked address: a name cannot resolve to a public
address for the check and to a private one for the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import httpcore

from geodata.ingest.errors import BlockedError

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (TCP), in the resolver's order, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise httpcore.ConnectError(f"cannot resolve host {host!r}: {error}") from None
    found: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in found:
            found.append(address)
    return found


def _kind(address: IpAddress) -> str | None:
    """Why ``address`` is not a public unicast address, or None when it is one."""
    for test, kind in (("is_loopback", "a loopback"), ("is_link_local", "a link-local"), ("is_multicast", "a multicast"),
                       ("is_unspecified", "an unspecified"), ("is_private", "a private"), ("is_reserved", "a reserved")):
        if getattr(address, test):
            return f"{kind} address"
    return None if address.is_global else "a non-public address"


class AddressPolicy:
    """Public unicast addresses, plus the networks the configuration allows."""

    def __init__(self, allowed: Iterable[IpNetwork] = ()) -> None:
        self.allowed = tuple(allowed)

    def refusal(self, text: str) -> str | None:
        """Why connecting to ``text`` (an IP address) is refused, or None when it is allowed."""
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address.version == network.version and address in network for network in self.allowed):
            return None
        return _kind(address)

    def check(self, host: str, addresses: Sequence[str]) -> None:
        """BlockedError when any address of ``host`` is refused (a host that mixes public and
        private addresses is refused whole)."""
        if not addresses:
            raise BlockedError(f"{host} resolves to no address")
        for address in addresses:
            why = self.refusal(address)
            if why:
                shown = f"{host} is" if host == address else f"{host} resolves to {address},"
                raise BlockedError(
                    f"refused: {shown} {why}; fetching from such addresses is off "
                    "(allow a network with --allow-address or 'allow_addresses' in the outlets file)"
                )


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, connecting only to addresses the policy allows."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver = resolve) -> None:
        self.policy = policy
        self.resolver = resolver

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = list(self.resolver(host, port))
        self.policy.check(host, addresses)
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout=timeout, local_address=local_address, socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last
