"""Counters of attempts kept in the database, so that every server process sees the same count.

A key (e.g. ``second-factor:user:12``) counts attempts within a window. When the count reaches the limit,
the window starts again from that attempt and the key is blocked until the window ends. Keys never hold a
secret or an address in clear (see `address_key`).
"""

import hashlib
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Throttle


def address_key(prefix: str, address: str) -> str:
    """A key for an e-mail address that does not store the address itself."""
    return f"{prefix}:{hashlib.sha256(address.strip().lower().encode()).hexdigest()[:40]}"


def throttle_blocked_until(key: str, *, limit: int, window: timedelta) -> datetime | None:
    """When `key` reached `limit` within its window, the end of that window; otherwise None."""
    row = Throttle.objects.filter(key=key).first()
    if row is not None and row.count >= limit and row.since + window > timezone.now():
        return row.since + window
    return None


def throttle_count(key: str, *, limit: int, window: timedelta) -> int:
    """Count one attempt under `key`; return the count within the current window."""
    now = timezone.now()
    for _attempt in range(2):  # two processes may create the row at once: the loser counts on the winner's row
        try:
            with transaction.atomic():
                row, _created = Throttle.objects.select_for_update().get_or_create(key=key, defaults={"since": now})
                if row.since + window <= now:
                    row.count, row.since = 0, now
                row.count += 1
                if row.count == limit:
                    row.since = now
                row.save(update_fields=["count", "since"])
                return row.count
        except IntegrityError:
            continue
    raise RuntimeError(f"Could not count an attempt under {key!r}")


def throttle_clear(key: str) -> None:
    """Forget the attempts counted under `key` (e.g. after a success)."""
    Throttle.objects.filter(key=key).delete()
