"""The address a request came from, as far as this deployment can know it (sign-in lockout, logs).

Without a proxy it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT reverse proxies (nginx, as docs/deployment.md sets
it up), REMOTE_ADDR is the last proxy and each proxy appends the address it saw to X-Forwarded-For; entries
further left were written by the client and prove nothing. The client is therefore the entry the outermost
trusted proxy appended: the TRUSTED_PROXY_COUNT-th from the right.
"""

import ipaddress

from django.conf import settings


def _address(text):
    """`text` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address (a string), or None when the request carries none that is usable."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Not through the proxies (a health check on the loopback): the peer is the client.
        return remote
    return _address(forwarded[-proxies]) or remote
