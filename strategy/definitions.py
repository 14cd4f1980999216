"""The indicators' definitions as one versioned whole, so that a process may keep what it built from them.

A report's page, form and save need the institution's indicators laid out as grids (reports.grid): five queries
and a few thousand objects, the same for every report of the institution until somebody changes a definition,
which happens a few times a year. The database keeps the version "definitions" of these tables (the indicators,
the institutions reporting them, dimensions, options, the positions of dimensions, rules, terms, pillars): a
token that their triggers rewrite in the statement that changes any of them, whatever its path
(antitrafik.versions).

`kept(name, key, build)` gives what `build()` returns, kept in the process under the token read first: a request
never gets definitions older than those committed when it read the token (the token is read before the
definitions), and a change rolled back leaves a token that is never read again. Each process has its own store,
emptied when the token changes; nothing is shared between servers, so several application servers stay right.
"""

from antitrafik import versions

from .models import Dimension, DimensionOption, Indicator, IndicatorDimension, Pillar, RuleTerm, ValidationRule

WATCHED = (Pillar, Dimension, DimensionOption, Indicator, IndicatorDimension, ValidationRule, RuleTerm,
           Indicator.reporting_institutions.through)
MAX_KEPT = 1000  # results of one name per process (e.g. institutions × saved plan rows)

_stores = {}

versions.watch("definitions", lambda: [model._meta.db_table for model in WATCHED], at_commit=False)


def definitions_token():
    """The definitions' current token (one query)."""
    return versions.token("definitions") or ""


def kept(name, key, build, *, limit=MAX_KEPT, token=None):
    """`build()` for (`name`, `key`), kept in this process while the definitions do not change. `key` must hold
    everything else the result depends on (the institution, its kind, a report's saved plan rows…). At most
    `limit` results of one name are kept. `token`: the one the request read before reading anything it builds
    from (else read now)."""
    token = definitions_token() if token is None else token
    store = _stores.get(name) or _stores.setdefault(name, versions.Kept(limit))
    return store.get(token, key, build)


def forget():
    """Empty this process's stores (tests start from nothing)."""
    for store in _stores.values():
        store.forget()
