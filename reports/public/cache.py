"""The public site's cache: pages kept per publication version and language, served without the database.

The *state* is the list of current publications (id, span, version) and the committee reports they give the
public; it is read from the database at most once every PUBLIC_STATE_SECONDS per cache, and forgotten when a
publication is published or withdrawn (`forget_state`, on commit). Each page is cached under a digest of
that state, its language and its path: a new version or a withdrawal changes the key, so a stale page is never
served from a shared cache, and a hit touches neither the database nor the templates.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

STATE_KEY = "antitrafik:public:state"
PAGE_PREFIX = "antitrafik:public:page"


def load_state():
    """{"publications": [{id, year, quarter, slug, version}], "reports": {report id: publication id}} (2 queries)."""
    from ..models import Publication

    current = list(Publication.objects.current().order_by("-year", "-quarter")
                   .values("id", "year", "quarter", "version"))
    for row in current:
        row["slug"] = str(row["year"]) if not row["quarter"] else f"{row['year']}-q{row['quarter']}"
    reports = {}
    links = Publication.committee_reports.through.objects.filter(publication_id__in=[p["id"] for p in current])
    for publication_id, report_id in links.order_by("publication_id").values_list("publication_id",
                                                                                "committeereport_id"):
        reports.setdefault(str(report_id), publication_id)
    return {"publications": current, "reports": reports}


def state():
    found = cache.get(STATE_KEY)
    if found is None:
        found = load_state()
        found["digest"] = hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest()[:16]
        cache.set(STATE_KEY, found, settings.PUBLIC_STATE_SECONDS)
    return found


def forget_state():
    cache.delete(STATE_KEY)


def publication_of(current, slug):
    """The current publication's row for a span slug (2025, 2025-q3), or None."""
    return next((p for p in current["publications"] if p["slug"] == slug), None)


def cached_page(request, language, build):
    """The page at request.path in `language`, from the cache or built by `build(state)` (an HttpResponse, or
    None for 404) and cached when it answers 200. The query string is ignored: it names nothing on these pages."""
    current = state()
    key = f"{PAGE_PREFIX}:{current['digest']}:{language}:{hashlib.sha256(request.path.encode()).hexdigest()}"
    stored = cache.get(key)
    if stored is None:
        response = build(current)
        if response.status_code != 200:
            return response
        stored = (response.content, response["Content-Type"], response.get("Content-Disposition"))
        cache.set(key, stored, settings.PUBLIC_CACHE_SECONDS)
    content, content_type, disposition = stored
    response = HttpResponse(content, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Content-Language"] = language
    response["Cache-Control"] = "public, max-age=300"
    return response
