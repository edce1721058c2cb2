"""Where the crawler may connect: the allow-list by origin (scheme, host, port) and, in live
mode, no private, loopback or link-local address unless a source says so.

The allow-list of a source is its ``allowed_hosts`` on the default ports of http and https
(portals move between the two) plus the exact origins its registry URLs name
(``base_url`` and listing URLs, e.g. ``http://127.0.0.1:8000`` of a staging copy). Any
other port of an allowed host is refused, and so is a URL carrying credentials
(``http://allowed@other/`` is a classic way of smuggling another host past a careless
check).

The address check runs on the socket itself, after the connection is made: every request
(every redirect hop, every retry) is checked against the address it really reached, so a
host name that resolves to 127.0.0.1 or a DNS answer that changes between a check and the
connection cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from core.registry.model import Source

DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]


class PrivateAddressError(Exception):
    """The connection reached an address the crawler must not talk to in live mode."""

    def __init__(self, address: str):
        super().__init__(f"private_address:{address}")
        self.address = address


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, or None when it has none (or a bad port)."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:  # a port that is not a number, or out of range
        return None
    return parts.scheme, parts.hostname.lower().rstrip("."), port


def allowed_origins(source: Source, extra_hosts: tuple[str, ...] = ()) -> frozenset[Origin]:
    """The origins ``source`` may fetch from (see the module docstring)."""
    origins: set[Origin] = set()
    for host in (*source.allowed_hosts, *extra_hosts):
        origins.update((scheme, host.lower(), port) for scheme, port in DEFAULT_PORTS.items())
    for url in (source.base_url, *(listing.url for listing in source.listings)):
        o = origin_of(url)
        if o:
            origins.add(o)
    return frozenset(origins)


def refusal(url: str, origins: frozenset[Origin]) -> str | None:
    """Why ``url`` may not be fetched under ``origins``, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        return f"scheme_not_allowed:{parts.scheme or '-'}"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "credentials_in_url"
    o = origin_of(url)
    if o is None:
        return f"bad_url:{parts.netloc or '-'}"
    if not any(host == o[1] for _, host, _ in origins):
        return f"host_not_allowed:{o[1]}"
    if o not in origins:
        return f"port_not_allowed:{o[1]}:{o[2]}"
    return None


def is_public(address: str) -> bool:
    """False for loopback, private (RFC 1918, ULA), link-local, multicast, reserved and
    unspecified addresses, including IPv4 written inside IPv6."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _checked(sock: socket.socket) -> socket.socket:
    address = sock.getpeername()[0]
    if not is_public(address):
        sock.close()
        raise PrivateAddressError(address)
    return sock


class _PublicHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _checked(super()._new_conn())


class _PublicHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _checked(super()._new_conn())


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose connections refuse non-public peer addresses."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}

