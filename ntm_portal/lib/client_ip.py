"""The address of the person at the other end, as seen through the reverse proxies we trust.

Behind nginx (docs/deploy.md) every request arrives from 127.0.0.1; the visitor's address is the
last one nginx appended to `X-Forwarded-For`. The header is only believed when the request comes
from one of `settings.NTM_TRUSTED_PROXIES` (addresses or networks), and only as far back as the
chain stays within trusted proxies: a visitor cannot choose their own address by sending the
header themselves. Login lock-out (django-axes) and the public-page throttle count by this.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=16)
def _networks(proxies):
    networks = []
    for item in proxies:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the nearest untrusted hop of X-Forwarded-For when
    REMOTE_ADDR is a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "NTM_TRUSTED_PROXIES", ())))
    address = _parse(remote)
    if not _trusted(address, networks):
        return str(address) if address else remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
    for hop in reversed(hops):
        hop_address = _parse(hop)
        if hop_address is None:
            # A garbled entry: nothing before it can be believed.
            break
        if not _trusted(hop_address, networks):
            return str(hop_address)
        address = hop_address
    return str(address)
