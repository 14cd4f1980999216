"""The home page of each role shows that role's real data, in a fixed number of queries; the navigation follows the policy."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions import selectors
from institutions.choices import InstitutionKind
from tests import factories
from tests.institutions.pages import main_text

pytestmark = pytest.mark.django_db


def _nav_links(response):
    header = response.content.decode().split("<header>", 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'<li class="nav-item"><a class="nav-link[^"]*" href="([^"]+)"', header))


def test_anonymous_visitors_get_the_public_site_which_links_to_sign_in(client_for):
    response = client_for(None).get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0] == reverse("public:root")
    assert response.status_code == 200 and f'href="{reverse("login")}"' in response.content.decode()


def test_director_sees_institutions_by_kind_and_coordinator_and_users_by_role(
        director, coordinator, other_coordinator, institution, other_institution, reporter, client_for):
    factories.InstitutionFactory(code="PSH", kind=InstitutionKind.POLICE, coordinator=coordinator)
    factories.InstitutionFactory(code="OLD", kind=InstitutionKind.POLICE, coordinator=coordinator, is_active=False)
    factories.InstitutionFactory(code="LOOSE", kind=InstitutionKind.SHELTER, coordinator=None)
    response = client_for(director).get(reverse("home"))
    overview = response.context["overview"]
    assert overview["institution_total"] == 4 and overview["inactive_institutions"] == 1
    assert overview["without_coordinator"] == 1
    assert [(kind, n) for kind, _label, n in overview["by_kind"]] == [("police", 1), ("shelter", 1), ("ngo", 2)]
    assert {c.username: c.institution_count for c in overview["by_coordinator"]} == {
        "t-coordinator": 2, "t-other-coordinator": 1}
    assert {role: n for role, _label, n in overview["by_role"]} == {
        "director": 1, "coordinator": 2, "reporter": 1, "committee": 0}

    text = main_text(response)
    assert "Institutions by kind" in text and "Police 1" in text and "NGO 2" in text
    assert f"{coordinator.get_full_name()} 2" in text and "Without a coordinator 1" in text
    assert "Reporter 1" in text and "and 1 inactive institution" in text
    assert reverse("institutions:user_create") in response.content.decode()


def test_coordinator_sees_their_portfolio_with_its_focal_points(coordinator, institution, reporter, other_institution,
                                                               other_reporter, client_for):
    factories.ReporterFactory(institution=institution, first_name="Ish", last_name="Pika", is_active=False)
    response = client_for(coordinator).get(reverse("home"))
    text = main_text(response)
    assert "Your portfolio" in text
    assert "OWN" in text and institution.email in text and institution.get_kind_display() in text
    assert reporter.get_full_name() in text and reporter.email in text
    assert "Ish Pika" not in text  # deactivated people are not focal points
    assert "OTHER" not in text and other_reporter.email not in text


def test_coordinator_sees_each_institutions_report_of_the_current_quarter(submitted_report, coordinator, client_for):
    page = client_for(coordinator).get(reverse("home")).content.decode()
    portfolio = page[page.index('id="h-portfolio"'):]
    assert f"Report {submitted_report.period}" in portfolio
    row = portfolio[portfolio.index(">OWN<"):]
    row = row[:row.index("</tr>")]
    assert reverse("reports:report_detail", args=[submitted_report.pk]) in row and "Submitted" in row


def test_reporter_sees_their_institution_and_colleagues_only(reporter, institution, coordinator, other_reporter,
                                                             client_for):
    colleague = factories.ReporterFactory(institution=institution, first_name="Bora", last_name="Zeka")
    response = client_for(reporter).get(reverse("home"))
    text = main_text(response)
    assert "Your institution" in text and institution.name_en in text
    assert coordinator.get_full_name() in text and coordinator.email in text
    assert "Bora Zeka" in text and colleague.email in text
    assert other_reporter.email not in text and "OTHER" not in text


def test_committee_member_gets_a_short_welcome(committee_member, institution, client_for):
    text = main_text(client_for(committee_member).get(reverse("home")))
    assert "What you can read here" in text and "State Committee" in text
    assert "OWN" not in text


@pytest.mark.parametrize("role, visible, hidden", [
    ("director", {"institution_list", "user_list"}, set()),
    ("coordinator", {"institution_list"}, {"user_list"}),
    ("reporter", {"own_institution"}, {"institution_list", "user_list"}),
    ("committee", set(), {"institution_list", "user_list", "own_institution"}),
])
def test_the_navigation_shows_each_role_what_it_may_use(role, visible, hidden, users, institution, client_for):
    urls = {"institution_list": reverse("institutions:institution_list"), "user_list": reverse("institutions:user_list"),
            "own_institution": reverse("institutions:institution_detail", args=[institution.pk])}
    links = _nav_links(client_for(users[role]).get(reverse("home")))
    assert {urls[name] for name in visible} <= links
    assert not {urls[name] for name in hidden} & links
    # Every link in the navigation opens for this role.
    client = client_for(users[role])
    for url in links:
        assert client.get(url).status_code == 200, url


def _world(size, coordinators):
    for n in range(size):
        institution = factories.InstitutionFactory(coordinator=coordinators[n % len(coordinators)],
                                                   kind=list(InstitutionKind)[n % len(InstitutionKind)])
        factories.ReporterFactory.create_batch(2, institution=institution)


def _shown(user):
    """What the home page must show `user`: the greeting and the rows of the role's own panel, as the data stand."""
    from institutions.models import User

    shown = [f"Welcome, {user.get_full_name() or user.username}"]
    if user.role == "director":
        shown.append(f"Active institutions {selectors.director_overview()['institution_total']}")
    elif user.role == "coordinator":
        shown += [f"{i.code} {i.label}" for i in user.portfolio.all()]
    elif user.role == "reporter":
        shown.append(f"{user.institution.code} – {user.institution.label}")
        shown += [str(u) for u in User.objects.filter(institution=user.institution, is_active=True).exclude(pk=user.pk)]
    else:
        shown.append("What you can read here")
    return shown


def _queries(client, user):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    text = main_text(response)
    missing = [shown for shown in _shown(user) if shown not in text]
    assert not missing, missing
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["director", "coordinator", "reporter", "committee"])
def test_home_query_count_does_not_grow_with_rows(role, users, institution, coordinator, other_coordinator, client_for):
    client = client_for(users[role])
    _world(4, [coordinator, other_coordinator])
    few = _queries(client, users[role])
    _world(12, [coordinator, other_coordinator])
    factories.ReporterFactory.create_batch(4, institution=institution)
    assert _queries(client, users[role]) == few


def test_home_selectors_use_a_fixed_number_of_queries(coordinator, reporter, django_assert_num_queries):
    _world(6, [coordinator])
    with django_assert_num_queries(4):
        overview = selectors.director_overview()
    assert overview["institution_total"] == 7  # the six and the reporter's
    assert sum(n for _kind, _label, n in overview["by_kind"]) == 7
    with django_assert_num_queries(2):  # the institutions, then their reporters
        portfolio = list(selectors.coordinator_portfolio(coordinator))
        assert all(len(i.reporters) == 2 for i in portfolio if i.code != "OWN")
    with django_assert_num_queries(2):
        data = selectors.reporter_home(reporter)
        assert data["institution"].coordinator == coordinator
        list(data["colleagues"])
