"""What each server process builds as it starts, before its first request (WARM_AT_START, on in production
settings): each app registers its own builders (`at_start`, from its AppConfig.ready), antitrafik.wsgi runs them.
A database that cannot answer yet (not migrated, not reachable) only leaves what they build to first use."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)
_builders = []


def at_start(build):
    """Register `build()` (it returns how many things it built) to run as each server process starts."""
    if build not in _builders:
        _builders.append(build)
    return build


def warm():
    """Run every registered builder, and read the release's digest that kept pages are keyed with."""
    from .kept_pages import release

    release()
    for build in _builders:
        started = time.perf_counter()
        try:
            count = build()
        except DatabaseError as error:
            logger.warning("%s did not run at start (%s); what it builds is built on first use.",
                           build.__qualname__, error)
        else:
            logger.info("%s built %s in %.0f ms.", build.__qualname__, count, (time.perf_counter() - started) * 1000)


def warm_at_start():
    if settings.WARM_AT_START:
        warm()
