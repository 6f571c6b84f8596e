"""The client's IP address, for the access log and the lockout against password guessing.

Behind a reverse proxy (production: the TLS proxy) the address of the connection is the
proxy's, the same for every user. The client's address is then in the header the proxy sets
(X-Forwarded-For), which anyone can also send themselves. So the header is read only when the
request comes from a trusted proxy (KETENZICHT_TRUSTED_PROXIES: addresses or networks), and
only the entries the trusted proxies wrote, counted from the right (KETENZICHT_PROXY_COUNT: the
number of proxies in front of Ketenzicht); whatever the client put in front of them is ignored.
Without trusted proxies (development, tests) the address of the connection is the client's.

Parsing the header and picking the entry is django-ipware's; django-axes gets its address from
this same function (AXES_CLIENT_IP_CALLABLE), so the log and the lockout agree.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from ipware import get_client_ip

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted proxies as networks (a single address is a /32 or /128). Raises ValueError
    for an entry that is neither (the system check reports it in Dutch at start-up)."""
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == n.version and ip in n for n in networks)


def client_ip(request) -> str | None:
    """The client's address: the connection's, or, from a trusted proxy, the one that proxy
    (and the ones before it) recorded in the forwarding header."""
    peer = request.META.get("REMOTE_ADDR") or None
    networks = trusted_networks(tuple(settings.KETENZICHT_TRUSTED_PROXIES))
    if peer is None or not networks or not _is_trusted(peer, networks):
        return peer
    header = settings.KETENZICHT_PROXY_HEADER
    if not request.META.get(header):
        return peer
    # The last proxy is the connection itself; the ones before it appended their peer to the
    # header. With N proxies the client is the N-th entry from the right: ipware's proxy_count
    # counts the proxies listed in the header, N - 1. Not strict: a client may send its own
    # header, and the proxies append to it.
    ip, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=max(settings.KETENZICHT_PROXY_COUNT - 1, 0),
        request_header_order=[header],
        strict=False,
    )
    return ip or peer
