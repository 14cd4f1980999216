"""Every URL name × every role × expected status. A URL without a row fails the suite."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import EXCLUDED_NAMESPACES, ROLES, ROWS


def all_url_names():
    names = set()

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in EXCLUDED_NAMESPACES:
                    continue
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URL names without a permission-matrix row: {missing}"


def test_no_row_for_a_missing_url():
    stale = sorted({row.name for row in ROWS} - all_url_names())
    assert not stale, f"Matrix rows for URL names that do not exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name + (f"[{r.method}]" if r.method != "get" else ""))
def test_permission_matrix(row, world, client_for):
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
    failures = []
    for role in ROLES:
        client = client_for(world.users[role])
        if row.method == "post":
            response = client.post(url, row.data(world) if row.data else {})
        else:
            response = client.get(url)
        expected = row.status_for(role)
        if response.status_code != expected:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not failures, f"{row.name}: " + "; ".join(failures)
