"""Signed-in pages kept while nothing they show can change: the data, the user, the language, the date.

A page of the unit is the same HTML for the same user, address and language as long as no row of the database
changed, the day is the same (lateness is counted in days) and, for pages that show how long something has been
waiting, the minute is the same. Each view that opts in (`PolicyMixin.keep_page`) is answered from the `pages`
cache under exactly that key; anything else (another user, a message to show, a form sent, an htmx request, an
answer other than a 200 page) is rendered as always.

What "no row changed" means is kept by the database itself: the version "data" of `antitrafik.versions`, a
token that a trigger on every table but a few rewrites with every write, whatever its path. A request reads the
token before anything it renders, so it never keeps a page older than the data committed when it started.

The policy is asked first on every request (PolicyMixin), and the key holds the user, so a kept page is only
ever served to the user it was rendered for, after the same checks. The page's CSRF token is written as a
placeholder into what is kept and replaced by the request's own when served. The key also holds the release (a
digest of the code, templates, translations and static files), so that where servers share the cache
(PAGES_CACHE_URL), a new release never serves a page the one before it rendered.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from . import versions

CACHE = "pages"
DAY = "day"
MINUTE = 60
CSRF_PLACEHOLDER = b"\x00antitrafik-csrf-token\x00"
_CSRF_SHOWN = "_antitrafik_csrf_shown"


def csrf(request):
    """Context processor (after Django's own, which it replaces): the CSRF token, noted on the request when a
    page shows it, so that a kept page holds a placeholder instead."""
    def token():
        value = get_token(request)
        request.__dict__.setdefault(_CSRF_SHOWN, set()).add(value)  # each rendering with its context masks anew
        return value

    return {"csrf_token": SimpleLazyObject(token)}


def _has_messages(request):
    storage = getattr(request, "_messages", None)
    return storage is not None and (len(storage) > 0 or storage.used)


RELEASE_FILES = ("antitrafik", "institutions", "strategy", "reports", "templates", "locale", "static")
RELEASE_SUFFIXES = (".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".woff2")


@functools.cache
def release():
    """A digest of what pages are made of in this process: the code, templates, translations and static files
    (read once per process, as it starts: some 400 files, 40 ms). Servers running the same release share it."""
    digest = hashlib.sha256()
    for folder in RELEASE_FILES:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _key(request, name, resolution, token):
    when = str(timezone.localdate()) if resolution == DAY else str(int(time.time() // resolution))
    parts = (release(), name, request.get_full_path(), request.user.pk, get_language(), when, token)
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _keepable(request, response):
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Disposition") and not _has_messages(request))


def kept_response(request, name, respond, *, resolution=DAY):
    """The page `respond()` renders for this request, kept in the `pages` cache under the data's token, the
    user, the address, the language and the day (or `resolution` seconds)."""
    if request.method != "GET" or getattr(request, "htmx", False) or _has_messages(request):
        return respond()
    token = versions.request_token(request)
    if not token:
        return respond()
    cache, key = caches[CACHE], _key(request, name, resolution, token)
    kept = cache.get(key)
    if kept is not None:
        headers, content = kept
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        return HttpResponse(content, headers=headers)
    response = respond()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if _keepable(request, response):
        content = response.content
        for shown in getattr(request, _CSRF_SHOWN, ()):
            content = content.replace(shown.encode(), CSRF_PLACEHOLDER)
        cache.set(key, (dict(response.headers), content))
    return response


def forget():
    """Empty the kept pages (tests start from nothing)."""
    caches[CACHE].clear()
