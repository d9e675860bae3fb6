"""The client's address of a request, as the audit log, the log-in throttle and the rate
limits see it.

Behind a reverse proxy REMOTE_ADDR is the proxy's; the client is then the entry that the
nearest trusted proxy appended to X-Forwarded-For. `TRUSTED_PROXY_COUNT` says how many
proxies stand in front of the application server (0: none, trust no header), so a client
cannot choose its own address by sending the header itself.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when it cannot be told (never a header's free text)."""
    remote = _valid(str(request.META.get("REMOTE_ADDR", "")))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [part for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part.strip() for part in forwarded if part.strip()]
    # Each trusted proxy appends the address it received the request from; the client is the
    # entry the outermost trusted proxy wrote, `proxies` places from the right.
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies])
