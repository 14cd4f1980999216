"""The shape of the views: every view that takes an object's id fetches it through the user's scope, and
templates ask the policy (`can`) instead of comparing roles."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from antitrafik.views.generic import ObjectMixin
from tests.matrix import EXCLUDED_NAMESPACES, ROWS

# URL names whose integer argument is not the id of an object fetched by the view, and why.
NOT_OBJECT_VIEWS = {
    "public:report_pdf": "the public site's: the same for everyone, signed in or not; a report is found only when a "
                         "current publication gives it to the public (tests/public/test_no_leaks.py)",
}


def _int_routes():
    """{URL name: (view class, names of its integer arguments)} for every route with an integer argument."""
    routes = {}

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in EXCLUDED_NAMESPACES:
                    continue
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                ints = {name for name, conv in p.pattern.converters.items() if isinstance(conv, IntConverter)}
                if ints:
                    routes[prefix + p.name] = (getattr(p.callback, "view_class", p.callback), ints)

    walk(get_resolver().url_patterns, "")
    return routes


ROUTES = _int_routes()


def test_there_are_object_views_to_check():
    assert len(ROUTES) > 40


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_view_taking_an_id_derives_from_the_scoped_fetch(name):
    view, ints = ROUTES[name]
    if name in NOT_OBJECT_VIEWS:
        return
    assert isinstance(view, type) and issubclass(view, ObjectMixin), (
        f"{name}: {getattr(view, '__name__', view)} takes {sorted(ints)} but does not derive from "
        "antitrafik.views.generic.ObjectMixin (fetch through Model.objects.for_user)")
    assert view.pk_url_kwarg in ints, f"{name}: fetches '{view.pk_url_kwarg}', the URL gives {sorted(ints)}"


def _allowed_role(row):
    """The role that may use the row's page (a reporter when one may): its object is in that role's scope."""
    allowed = [role for role in ("reporter", "director", "coordinator", "other_coordinator", "other_reporter",
                                 "committee") if row.status_for(role) in (200, 302)]
    return allowed[0] if allowed else None


OBJECT_ROWS = [row for row in ROWS if row.name in ROUTES and row.name not in NOT_OBJECT_VIEWS and _allowed_role(row)]


@pytest.fixture
def empty_scopes(monkeypatch):
    """Every model's `for_user` answers nothing: every object is out of every user's scope."""
    for model in apps.get_models():
        manager = model._default_manager
        if hasattr(manager, "for_user"):
            monkeypatch.setattr(type(manager.get_queryset()), "for_user", lambda self, user: self.none())


@pytest.mark.django_db
@pytest.mark.parametrize("row", OBJECT_ROWS, ids=lambda r: r.name + (f"[{r.method}]" if r.method != "get" else ""))
def test_an_object_outside_the_users_scope_answers_404(row, world, client_for, request):  # noqa: F811
    role = _allowed_role(row)
    url = reverse(row.name, kwargs=row.kwargs(world)) + row.query
    client = client_for(world.users[role])
    data = row.data(world) if row.data else {}
    request.getfixturevalue("empty_scopes")
    response = client.post(url, data) if row.method == "post" else client.get(url)
    assert response.status_code == 404, f"{row.name} as {role}: {response.status_code} with an empty scope"


def test_the_matrix_asks_every_object_view_as_a_reporter_out_of_scope_or_says_why():
    """Where a reporter may use an object view of scoped data, the matrix shows another reporter a 404."""
    reporter_rows = [row for row in OBJECT_ROWS if row.status_for("reporter") in (200, 302)]
    assert reporter_rows
    scoped = {"reports:report_", "institutions:institution_"}
    for row in reporter_rows:
        if any(row.name.startswith(prefix) for prefix in scoped) and row.name != "reports:report_open":
            assert row.status_for("other_reporter") == 404, row.name


ROLE_COMPARISON = re.compile(r"\.role\b|\bis_director\b|\bis_coordinator\b|\bis_reporter\b|\bis_committee\b"
                             r"|\bis_unit_staff\b|\bhas_role\b")


def test_no_template_compares_roles():
    templates = [path for folder in settings.TEMPLATES[0]["DIRS"] for path in Path(folder).rglob("*.html")]
    assert templates
    offenders = [f"{path}:{number}" for path in templates
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if ROLE_COMPARISON.search(line)]
    assert not offenders, "templates ask `can` (antitrafik.context_processors), never compare roles: " + ", ".join(
        offenders)
