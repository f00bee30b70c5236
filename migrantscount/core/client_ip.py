"""The client's IP address, honouring only the reverse proxies the operator trusts.

`MIGRANTSCOUNT_TRUSTED_PROXIES` lists the proxies' addresses or networks. Empty (the
default), `REMOTE_ADDR` is the client and `X-Forwarded-For` is ignored: anyone can
send that header. When `REMOTE_ADDR` is a trusted proxy, `X-Forwarded-For` is read
from the right (each proxy appends the address that connected to it), trusted
proxies are skipped, and the first untrusted address is the client. Entries left of
it were written by the client and are never believed.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies() -> list[IPNetwork]:
    networks = []
    for entry in settings.MIGRANTSCOUNT_TRUSTED_PROXIES:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"MIGRANTSCOUNT_TRUSTED_PROXIES: {entry!r} is not an IP address "
                "or network."
            ) from error
    return networks


def parse_ip(value: str) -> IPAddress | None:
    """An address from a header or REMOTE_ADDR, or None when malformed.

    Accepts a port (`192.0.2.1:443`, `[2001:db8::1]:443`) as some proxies add one,
    and reads an IPv4-mapped IPv6 address as IPv4.
    """
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: list[IPNetwork]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address as text; empty when even REMOTE_ADDR is unusable."""
    remote = parse_ip(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return ""
    networks = trusted_proxies()
    if not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR") or ""
    for entry in reversed(forwarded.split(",")):
        address = parse_ip(entry)
        if address is None:
            # Nothing left of a malformed entry can be verified: keep the last
            # address a trusted proxy vouched for.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection itself comes from a listed reverse proxy."""
    remote = parse_ip(request.META.get("REMOTE_ADDR") or "")
    return remote is not None and _is_trusted(remote, trusted_proxies())
