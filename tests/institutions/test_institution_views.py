"""Institutions: list, detail, create, edit, (de)activation, deletion and history, as the users see them."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from institutions.choices import InstitutionKind, Role
from institutions.models import Institution, User
from tests import factories
from tests.institutions.pages import field_error, main_text

pytestmark = pytest.mark.django_db

VALID = {"code": "mpb", "name": "Ministria e Punëve të Brendshme", "name_en": "Ministry of Internal Affairs",
         "kind": InstitutionKind.MINISTRY, "region": "", "email": "info@mpb.gov.al"}


def _without_tokens(response, pk):
    """The page without what differs on every request (CSRF token) and the requested path."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return html.replace(f"/institutions/{pk}/", "/institutions/PK/")


# Generic view tests: no permission, with permission (+ history), out of scope.


@pytest.mark.parametrize("role", ["coordinator", "reporter", "committee"])
def test_writes_are_refused_without_the_permission(role, users, institution, client_for):
    client = client_for(users[role])
    before = Institution.history.count()
    for name in ["institution_update", "institution_deactivate", "institution_reactivate", "institution_delete"]:
        url = reverse(f"institutions:{name}", args=[institution.pk])
        assert client.post(url, {**VALID, "code": "HACK"}).status_code == 403, name
    assert client.post(reverse("institutions:institution_create"), VALID).status_code == 403
    institution.refresh_from_db()
    assert institution.code == "OWN" and institution.is_active
    assert Institution.history.count() == before


def test_director_creates_an_institution_and_the_history_names_them(director, coordinator, client_for):
    response = client_for(director).post(reverse("institutions:institution_create"),
                                         {**VALID, "coordinator": coordinator.pk})
    institution = Institution.objects.get(code="MPB")  # stored in capitals
    assert response.status_code == 302 and response["Location"] == institution.get_absolute_url()
    assert institution.coordinator == coordinator and institution.is_active
    record = institution.history.get()
    assert record.history_type == "+" and record.history_user == director


def test_director_edits_an_institution_and_the_history_shows_the_change(director, institution, client_for):
    client = client_for(director)
    url = reverse("institutions:institution_update", args=[institution.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**VALID, "code": "OWN", "name": "Emri i ri", "coordinator": ""})
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name == "Emri i ri" and institution.coordinator is None
    latest = institution.history.latest()
    assert latest.history_type == "~" and latest.history_user == director

    page = client.get(reverse("institutions:institution_history", args=[institution.pk]))
    assert page.status_code == 200
    assert "Emri i ri" in page.content.decode()
    assert director.get_full_name() in page.content.decode()


def test_director_deactivates_and_reactivates_after_a_confirmation(director, institution, client_for):
    client = client_for(director)
    url = reverse("institutions:institution_deactivate", args=[institution.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "<form" in confirm.content.decode()
    institution.refresh_from_db()
    assert institution.is_active  # GET changes nothing

    assert client.post(url).status_code == 302
    institution.refresh_from_db()
    assert not institution.is_active
    assert institution.history.latest().history_user == director
    assert Institution.objects.reporting().filter(pk=institution.pk).count() == 0

    client.post(reverse("institutions:institution_reactivate", args=[institution.pk]))
    institution.refresh_from_db()
    assert institution.is_active


@pytest.mark.parametrize("name", ["institution_update", "institution_deactivate", "institution_reactivate",
                                  "institution_delete", "institution_history", "institution_detail"])
def test_a_missing_institution_answers_404(name, director, client_for):
    assert client_for(director).get(reverse(f"institutions:{name}", args=[999999])).status_code == 404


def test_a_reporter_reaches_its_own_institution_only(reporter, institution, other_institution, client_for):
    client = client_for(reporter)
    assert client.get(reverse("institutions:institution_detail", args=[institution.pk])).status_code == 200
    # Another institution's page answers exactly like one that does not exist.
    other = client.get(reverse("institutions:institution_detail", args=[other_institution.pk]))
    missing = client.get(reverse("institutions:institution_detail", args=[999999]))
    assert other.status_code == missing.status_code == 404
    assert _without_tokens(other, other_institution.pk) == _without_tokens(missing, 999999)
    assert client.get(reverse("institutions:institution_list")).status_code == 403


def test_detail_lists_the_people_and_the_coordinator(coordinator, reporter, institution, client_for):
    factories.ReporterFactory(institution=institution, first_name="Arta", last_name="Gashi", is_active=False)
    page = client_for(coordinator).get(reverse("institutions:institution_detail", args=[institution.pk]))
    html = page.content.decode()
    assert reporter.get_full_name() in html and "Arta Gashi" in html
    assert coordinator.get_full_name() in html
    # Coordinators may read, not manage: no edit button.
    assert reverse("institutions:institution_update", args=[institution.pk]) not in html


def test_a_coordinator_sees_the_people_of_another_portfolio(coordinator, other_reporter, other_institution, client_for):
    page = client_for(coordinator).get(reverse("institutions:institution_detail", args=[other_institution.pk]))
    assert other_reporter.email in main_text(page)


def test_a_reporter_sees_its_colleagues_on_its_institution_page(reporter, institution, other_reporter, client_for):
    colleague = factories.ReporterFactory(institution=institution)
    page = client_for(reporter).get(reverse("institutions:institution_detail", args=[institution.pk]))
    text = main_text(page)
    assert colleague.email in text and reporter.email in text and other_reporter.email not in text
    assert reverse("institutions:user_detail", args=[colleague.pk]) not in page.content.decode()  # director's pages


# Deletion: only when nothing refers to the institution.


def test_an_institution_with_users_is_not_deleted_and_the_page_says_why(director, reporter, institution, client_for):
    client = client_for(director)
    url = reverse("institutions:institution_delete", args=[institution.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "cannot be deleted" in main_text(page) and "Users: 1" in main_text(page)
    assert 'type="submit"' not in page.content.decode().split("<main", 1)[1]

    response = client.post(url)
    assert response.status_code == 409
    assert "cannot be deleted" in response.content.decode()
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_an_institution_an_indicator_refers_to_is_not_deleted(director, client_for):
    from strategy.models import Indicator

    spare = factories.InstitutionFactory(code="SPARE", coordinator=None)
    indicator = Indicator.objects.create(code="VT-X", name="Viktima")
    indicator.reporting_institutions.add(spare)
    response = client_for(director).post(reverse("institutions:institution_delete", args=[spare.pk]))
    assert response.status_code == 409
    assert "cannot be deleted" in response.content.decode()
    assert Institution.objects.filter(pk=spare.pk).exists()
    assert list(indicator.reporting_institutions.all()) == [spare]


def test_an_unreferenced_institution_is_deleted_and_its_history_kept(director, client_for):
    spare = factories.InstitutionFactory(code="GONE", coordinator=None)
    response = client_for(director).post(reverse("institutions:institution_delete", args=[spare.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("institutions:institution_list")
    assert not Institution.objects.filter(code="GONE").exists()
    deleted = Institution.history.filter(code="GONE").latest()
    assert deleted.history_type == "-" and deleted.history_user == director


def test_the_service_refuses_deletion_when_a_protected_row_refers(director, institution, reporter):
    from institutions import services

    with pytest.raises(services.InstitutionInUse) as refused:
        services.institution_delete(institution=institution, by=director)
    assert refused.value.references  # users of the institution
    assert Institution.objects.filter(pk=institution.pk).exists()


# Bad input: a clear message next to the field, nothing saved.


@pytest.mark.parametrize("code", ["OWN", "own", " Own "])
def test_a_duplicate_code_is_refused_next_to_the_field(code, director, institution, client_for):
    response = client_for(director).post(reverse("institutions:institution_create"), {**VALID, "code": code})
    assert response.status_code == 200
    assert field_error(response, "code") == "An institution with this code already exists."
    assert Institution.objects.count() == 1


@pytest.mark.parametrize("code", ['PS"H', "A B", "=1+2", "KRAT--TIR", "PSH\nX", "-PSH"])
def test_a_code_with_other_characters_is_refused(code, director, institution, client_for):
    response = client_for(director).post(reverse("institutions:institution_create"), {**VALID, "code": code})
    assert response.status_code == 200
    assert "capital letters and digits" in field_error(response, "code")
    assert Institution.objects.count() == 1


def test_missing_fields_and_a_bad_email_are_refused(director, client_for):
    response = client_for(director).post(reverse("institutions:institution_create"),
                                         {**VALID, "name": "", "email": "not-an-address", "kind": "castle"})
    assert response.status_code == 200
    assert field_error(response, "name") == "This field is required."
    assert field_error(response, "email") == "Enter a valid email address."
    assert "castle is not one of the available choices" in field_error(response, "kind")
    assert not Institution.objects.exists()


def test_only_coordinators_can_be_chosen_as_coordinator(director, reporter, client_for):
    response = client_for(director).post(reverse("institutions:institution_create"),
                                         {**VALID, "coordinator": reporter.pk})
    assert "not one of the available choices" in field_error(response, "coordinator")
    assert not Institution.objects.filter(code="MPB").exists()


# The list: filters, search, sorting, pagination, query counts.


def _codes(response):
    return [i.code for i in response.context["object_list"]]


def test_list_filters_searches_and_sorts(director, coordinator, other_coordinator, client_for):
    factories.InstitutionFactory(code="PSH", name="Policia e Shtetit", kind=InstitutionKind.POLICE,
                                 region="Tiranë", coordinator=coordinator)
    factories.InstitutionFactory(code="KRAT-FIE", name="Komiteti Rajonal Fier", kind=InstitutionKind.REGIONAL_COMMITTEE,
                                 region="Fier", coordinator=other_coordinator)
    factories.InstitutionFactory(code="OLD", name="E mbyllur", coordinator=None, is_active=False)
    client = client_for(director)
    url = reverse("institutions:institution_list")
    assert _codes(client.get(url)) == ["KRAT-FIE", "OLD", "PSH"]
    assert _codes(client.get(url, {"kind": "police"})) == ["PSH"]
    assert _codes(client.get(url, {"region": "Fier"})) == ["KRAT-FIE"]
    assert _codes(client.get(url, {"coordinator": other_coordinator.pk})) == ["KRAT-FIE"]
    assert _codes(client.get(url, {"coordinator": "null"})) == ["OLD"]
    assert _codes(client.get(url, {"is_active": "false"})) == ["OLD"]
    assert _codes(client.get(url, {"is_active": "true"})) == ["KRAT-FIE", "PSH"]
    assert _codes(client.get(url, {"q": "shtetit"})) == ["PSH"]
    assert _codes(client.get(url, {"q": "krat"})) == ["KRAT-FIE"]
    assert _codes(client.get(url, {"ordering": "-code"})) == ["PSH", "OLD", "KRAT-FIE"]
    assert _codes(client.get(url, {"ordering": "name"})) == ["OLD", "KRAT-FIE", "PSH"]
    bad = client.get(url, {"kind": "castle"})
    assert bad.status_code == 200 and bad.context["filter"].errors


def test_list_is_paginated(director, client_for):
    factories.InstitutionFactory.create_batch(55, coordinator=None)
    client = client_for(director)
    url = reverse("institutions:institution_list")
    first, second = client.get(url), client.get(url, {"page": 2})
    assert len(first.context["object_list"]) == 50 and len(second.context["object_list"]) == 5
    assert "page=2" in first.content.decode()
    assert client.get(url, {"page": 9}).status_code == 404


def test_list_counts_the_active_users(director, institution, reporter, client_for):
    factories.ReporterFactory(institution=institution, is_active=False)
    response = client_for(director).get(reverse("institutions:institution_list"), {"q": "OWN"})
    assert [i.user_count for i in response.context["object_list"]] == [1]


# Session, signed-in user, the data's token (antitrafik.kept_pages), count for the paginator, the coordinators of
# the filter, the page of institutions (with their coordinator and their number of users, in the same query).
LIST_QUERIES = 6


@pytest.mark.parametrize("rows", [5, 15])
def test_list_query_count_does_not_grow_with_rows(rows, director, client_for, django_assert_num_queries):
    coordinators = factories.CoordinatorFactory.create_batch(3)
    for n in range(rows):
        institution = factories.InstitutionFactory(coordinator=coordinators[n % 3])
        factories.ReporterFactory(institution=institution)
    client = client_for(director)
    url = reverse("institutions:institution_list")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url, {"is_active": "true", "ordering": "coordinator"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == rows
    shown = main_text(response)
    assert all(f"{i.code} {i.label} " in shown for i in Institution.objects.exclude(coordinator=None))


@pytest.mark.parametrize("rows", [5, 15])
def test_form_query_count_does_not_grow_with_rows(rows, director, institution, client_for, django_assert_num_queries):
    factories.CoordinatorFactory.create_batch(rows)
    client = client_for(director)
    with django_assert_num_queries(6):  # session, the data's version, user, the institution, its other names, coordinators
        response = client.get(reverse("institutions:institution_update", args=[institution.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{institution.code}"' in html
    assert all(f">{escape(c)}</option>" in html for c in User.objects.filter(role=Role.COORDINATOR))
