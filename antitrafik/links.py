"""Links to many objects of one kind on one page, without resolving the URL pattern once per row.

`reverse()` walks the URL resolver on every call; a list linking each of its rows to its object spent more
time there than in its query. `url_maker` reverses a pattern once (per URL configuration and script prefix)
and returns a function that puts an object's id into it: the URL `reverse()` gives, for patterns whose only
argument is an integer id. Models' `get_absolute_url` use `object_url`.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = 987654321  # an id no pattern contains in its fixed text


def url_maker(viewname):
    """A function `id -> URL of viewname for that id` (the pattern takes one integer argument)."""
    return _maker(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=256)
def _maker(viewname, script_prefix, urlconf):
    head, _, tail = reverse(viewname, args=[_MARKER], urlconf=urlconf).partition(str(_MARKER))

    def url(pk):
        return f"{head}{int(pk)}{tail}"

    return url


def object_url(viewname, pk):
    """reverse(viewname, args=[pk]), for a pattern whose only argument is an integer id."""
    return url_maker(viewname)(pk)
