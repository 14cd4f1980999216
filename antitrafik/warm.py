"""What each server process builds as it starts, before its first request (WARM_AT_START, on in production
settings): each app registers its own builders (`at_start`, from its AppConfig.ready), antitrafik.wsgi runs them.
A database that cannot answer yet (not migrated, not reachable) only leaves what they build to first use."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation

logger = logging.getLogger(__name__)
_builders = []


def at_start(build):
    """Register `build()` (it returns how many things it built) to run as each server process starts."""
    if build not in _builders:
        _builders.append(build)
    return build


def warm():
    """Load the URLs (every view's module and what it imports), each language's translations and addresses, and
    the compiled templates, which a process would otherwise do at its first requests (about 1 s and 0.8 s of
    processor), read the release's digest that kept pages are keyed with, and run every registered builder."""
    from django.urls import get_resolver, reverse

    from .kept_pages import release

    began = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - loading them imports every view's module
    for code, _name in settings.LANGUAGES:  # each language's catalogues and addresses, read at their first use
        with translation.override(code):
            translation.gettext("Save")
            reverse("home")
    _compile_templates()
    release()
    for build in _builders:
        started = time.perf_counter()
        try:
            count = build()
        except DatabaseError as error:
            logger.warning("%s did not run (%s); what it builds is built on first use.",
                           build.__qualname__, error)
        else:
            logger.info("%s built %s in %.0f ms.", build.__qualname__, count, (time.perf_counter() - started) * 1000)
    # The last line of a starting process (make loadtest waits for one from each).
    logger.info("Started: process ready, what it keeps built in %.0f ms.", (time.perf_counter() - began) * 1000)


def _compile_templates():
    """Every page template of the project, compiled into the template loader's cache (production keeps them)."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    root = settings.BASE_DIR / "templates"
    for path in sorted(root.rglob("*.html")):
        try:
            get_template(path.relative_to(root).as_posix())
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            logger.warning("The template %s was not compiled at start: %s", path.relative_to(root), error)


def warm_at_start():
    if settings.WARM_AT_START:
        warm()
