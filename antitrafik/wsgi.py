"""WSGI entry point (gunicorn antitrafik.wsgi).

Each server process, once Django is set up and before its first request, builds what every report's page and
save need and would otherwise build on first use (WARM_AT_START, on by default in production settings).
"""

import logging
import os
import time

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antitrafik.settings")
application = get_wsgi_application()

logger = logging.getLogger(__name__)


def warm():
    """The institutions' indicator grids (reports.grid.warm_indicator_grids), built into this process, and the
    release's digest (antitrafik.kept_pages.release). A database that cannot answer yet (not migrated, not
    reachable) only leaves the grids to be built on first use."""
    from django.db import DatabaseError

    from antitrafik.kept_pages import release
    from reports.grid import warm_indicator_grids

    release()  # the digest of the code, templates and static files that kept pages are keyed with, read once
    started = time.perf_counter()
    try:
        count = warm_indicator_grids()
    except DatabaseError as error:
        logger.warning("The indicator grids were not built at start (%s); each is built on first use.", error)
    else:
        logger.info("Built the indicator grids of %s institutions in %.0f ms.", count,
                    (time.perf_counter() - started) * 1000)


def _warm_at_start():
    from django.conf import settings

    if settings.WARM_AT_START:
        warm()


_warm_at_start()
