"""Users: the director creates, edits, deactivates and reactivates them; new users choose their own password."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.html import escape

from institutions.choices import Role
from institutions.models import Institution, User
from tests import factories
from tests.factories import PASSWORD
from tests.institutions.pages import field_error, main_text

pytestmark = pytest.mark.django_db

NEW = {"username": "arta.gashi", "first_name": "Arta", "last_name": "Gashi", "email": "arta.gashi@asp.gov.al",
       "role": Role.REPORTER, "language": "en", "phone": ""}
NEW_PASSWORD = "Kuqe-Zi-Shqiponja-77"


def _link(message):
    return re.search(r"https?://\S+/password/reset/\S+/", message.body).group(0)


def _path(link):
    return "/" + link.split("/", 3)[3]


def _sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


# Generic view tests: no permission, with permission (+ history), out of scope.


@pytest.mark.parametrize("role", ["coordinator", "other_coordinator", "reporter", "committee"])
def test_only_the_director_changes_users(role, users, other_reporter, client_for):
    client = client_for(users[role])
    before = User.history.count()
    assert client.post(reverse("institutions:user_create"), NEW).status_code == 403
    for name in ["user_update", "user_deactivate", "user_reactivate", "user_send_link"]:
        response = client.post(reverse(f"institutions:{name}", args=[other_reporter.pk]), {**NEW, "role": "director"})
        assert response.status_code == 403, name
    for name in ["user_list", "user_detail", "user_history"]:
        kwargs = {} if name == "user_list" else {"pk": other_reporter.pk}
        assert client.get(reverse(f"institutions:{name}", kwargs=kwargs)).status_code == 403, name
    other_reporter.refresh_from_db()
    assert other_reporter.is_active and other_reporter.role == Role.REPORTER
    assert User.history.count() == before and not mail.outbox


@pytest.mark.parametrize("name", ["user_detail", "user_update", "user_deactivate", "user_reactivate",
                                  "user_send_link", "user_history"])
def test_a_missing_user_answers_404(name, director, client_for):
    assert client_for(director).get(reverse(f"institutions:{name}", args=[999999])).status_code == 404


def test_director_creates_a_reporter_who_gets_a_link_to_choose_a_password(
        director, institution, client_for, django_capture_on_commit_callbacks):
    client = client_for(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("institutions:user_create"), {**NEW, "institution": institution.pk})
    user = User.objects.get(username="arta.gashi")
    assert response.status_code == 302 and response["Location"] == user.get_absolute_url()
    assert user.institution == institution and user.role == Role.REPORTER
    assert not user.has_usable_password()
    record = user.history.get()
    assert record.history_type == "+" and record.history_user == director

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["arta.gashi@asp.gov.al"]
    assert "arta.gashi" in message.body

    # The link lets the new user choose a password (the strong validators apply), then sign in.
    anonymous = client_for(None)
    form = anonymous.get(_path(_link(message)), follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = anonymous.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert _sign_in(client_for(None), "arta.gashi", NEW_PASSWORD).status_code == 302
    # The link works once.
    assert not anonymous.get(_path(_link(message)), follow=True).context["validlink"]


@pytest.mark.parametrize("language", ["sq", "en"])
def test_the_welcome_mail_speaks_the_new_users_language(
        language, director, institution, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(director).post(reverse("institutions:user_create"),
                                  {**NEW, "institution": institution.pk, "language": language})
    body = mail.outbox[0].body
    # The date until which the link works is written with the month's name in the user's language.
    until = timezone.localtime() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    with translation.override(language):
        month = date_format(until, "F")
    with translation.override("en" if language == "sq" else "sq"):
        other_month = date_format(until, "F")
    assert month in body and other_month not in body


def test_director_edits_a_user_and_the_history_shows_who(director, reporter, other_institution, client_for):
    client = client_for(director)
    url = reverse("institutions:user_update", args=[reporter.pk])
    assert client.get(url).status_code == 200
    data = {**NEW, "username": reporter.username, "email": reporter.email, "institution": other_institution.pk}
    assert client.post(url, data).status_code == 302
    reporter.refresh_from_db()
    assert reporter.institution == other_institution and reporter.first_name == "Arta"
    assert reporter.history.latest().history_user == director

    page = client.get(reverse("institutions:user_history", args=[reporter.pk]))
    text = main_text(page)
    assert "OTHER" in text and "Arta" in text and director.get_full_name() in text


def test_a_role_without_institution_clears_the_institution(director, reporter, client_for):
    data = {**NEW, "username": reporter.username, "email": reporter.email, "role": Role.COMMITTEE,
            "institution": reporter.institution_id}
    assert client_for(director).post(reverse("institutions:user_update", args=[reporter.pk]), data).status_code == 302
    reporter.refresh_from_db()
    assert reporter.role == Role.COMMITTEE and reporter.institution is None


def test_a_coordinator_with_a_portfolio_keeps_the_role(director, coordinator, institution, client_for):
    data = {**NEW, "username": coordinator.username, "email": coordinator.email, "role": Role.COMMITTEE}
    response = client_for(director).post(reverse("institutions:user_update", args=[coordinator.pk]), data)
    assert response.status_code == 200
    assert "still has institutions in their portfolio" in main_text(response)
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR and coordinator.first_name != "Arta"


def test_the_director_cannot_change_their_own_role(director, client_for):
    data = {**NEW, "username": director.username, "email": director.email, "role": Role.COMMITTEE}
    response = client_for(director).post(reverse("institutions:user_update", args=[director.pk]), data)
    assert "You cannot change your own role." in main_text(response)
    director.refresh_from_db()
    assert director.role == Role.DIRECTOR


# Bad input: a clear message next to the field, nothing saved.


def test_a_reporter_needs_an_institution(director, client_for):
    response = client_for(director).post(reverse("institutions:user_create"), {**NEW, "institution": ""})
    assert response.status_code == 200
    assert field_error(response, "institution") == "A reporter must belong to an institution: choose one."
    assert not User.objects.filter(username="arta.gashi").exists() and not mail.outbox


@pytest.mark.parametrize("email", ["t-reporter@example.org", "T-Reporter@EXAMPLE.org", " t-reporter@example.org "])
def test_an_email_already_used_is_refused(email, director, reporter, institution, client_for):
    response = client_for(director).post(reverse("institutions:user_create"),
                                         {**NEW, "email": email, "institution": institution.pk})
    assert field_error(response, "email") == "This e-mail address is already used by another user."
    assert not User.objects.filter(username="arta.gashi").exists()


def test_a_taken_username_and_missing_names_are_refused(director, reporter, institution, client_for):
    response = client_for(director).post(reverse("institutions:user_create"),
                                         {**NEW, "username": "t-reporter", "first_name": "", "institution": institution.pk})
    assert field_error(response, "username") == "A user with that username already exists."
    assert field_error(response, "first_name") == "This field is required."
    assert User.objects.filter(email__iexact=NEW["email"]).count() == 0


def test_an_inactive_institution_cannot_be_given_to_a_new_reporter(director, client_for):
    closed = factories.InstitutionFactory(is_active=False, coordinator=None)
    response = client_for(director).post(reverse("institutions:user_create"), {**NEW, "institution": closed.pk})
    assert "not one of the available choices" in field_error(response, "institution")


# Deactivation: no sign-in, and the open sessions end.


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(director, reporter, client_for):
    session = client_for(None)
    assert _sign_in(session, "t-reporter").status_code == 302
    assert session.get(reverse("home")).status_code == 200

    response = client_for(director).post(reverse("institutions:user_deactivate", args=[reporter.pk]))
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert not reporter.is_active
    assert reporter.history.latest().history_user == director

    # The open session has ended: the next request for a signed-in page goes to the login page (the site's root
    # now shows the public site, as to any visitor who is not signed in).
    after = session.get(reverse("password_change"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    # And signing in again is refused.
    again = _sign_in(client_for(None), "t-reporter")
    assert again.status_code == 200 and again.context["form"].non_field_errors()

    # Reactivated, they sign in again with their password, but the old session stays ended.
    client_for(director).post(reverse("institutions:user_reactivate", args=[reporter.pk]))
    assert session.get(reverse("home")).status_code == 302
    assert _sign_in(client_for(None), "t-reporter").status_code == 302


def test_deactivation_deletes_the_users_sessions_only(director, reporter, other_reporter, client_for):
    for username in ["t-reporter", "t-other-reporter"]:
        _sign_in(client_for(None), username)
    assert Session.objects.count() == 2
    client_for(director).post(reverse("institutions:user_deactivate", args=[reporter.pk]))
    remaining = {s.get_decoded().get("_auth_user_id") for s in Session.objects.all()}
    assert remaining == {str(other_reporter.pk), str(director.pk)}


def test_the_middleware_signs_out_a_user_deactivated_behind_its_back(reporter, client_for):
    client = client_for(reporter)
    client.get(reverse("password_change"))
    client.get(reverse("password_change"))  # the user is kept from here on (antitrafik.middleware)
    User.objects.filter(pk=reporter.pk).update(is_active=False)
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_the_director_cannot_deactivate_themselves(director, client_for):
    client = client_for(director)
    response = client.post(reverse("institutions:user_deactivate", args=[director.pk]), follow=True)
    assert "You cannot deactivate your own account." in main_text(response)
    director.refresh_from_db()
    assert director.is_active


def test_the_director_sends_a_new_password_link(director, reporter, client_for):
    response = client_for(director).post(reverse("institutions:user_send_link", args=[reporter.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reporter.email]
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)  # the current password keeps working


def test_no_link_is_sent_to_a_deactivated_user(director, reporter, client_for):
    reporter.is_active = False
    reporter.save()
    response = client_for(director).post(reverse("institutions:user_send_link", args=[reporter.pk]), follow=True)
    assert "reactivate them first" in main_text(response)
    assert not mail.outbox


def test_signing_in_records_the_time_without_a_history_entry(reporter, client_for):
    before = reporter.history.count()
    _sign_in(client_for(None), "t-reporter")
    reporter.refresh_from_db()
    assert reporter.last_login is not None
    assert reporter.history.count() == before


# The list: filters, search, query counts.


def _usernames(response):
    return [u.username for u in response.context["object_list"]]


def test_user_list_filters_and_searches(director, reporter, other_reporter, committee_member, institution, client_for):
    factories.ReporterFactory(username="t-gone", institution=institution, is_active=False)
    client = client_for(director)
    url = reverse("institutions:user_list")
    assert _usernames(client.get(url, {"role": "reporter", "is_active": "true"})) == ["t-other-reporter", "t-reporter"]
    assert _usernames(client.get(url, {"institution": institution.pk})) == ["t-gone", "t-reporter"]
    assert _usernames(client.get(url, {"is_active": "false"})) == ["t-gone"]
    assert _usernames(client.get(url, {"q": "T-COMM"})) == ["t-committee"]
    assert _usernames(client.get(url, {"q": committee_member.email.upper()})) == ["t-committee"]
    assert _usernames(client.get(url, {"role": "committee", "ordering": "-username"})) == ["t-committee"]
    assert _usernames(client.get(url, {"ordering": "-username"}))[0] == "t-reporter"


# Session, the data's version (antitrafik.versions), signed-in user, count for the paginator, the institutions of the
# filter, the page of users (with their institution, in the same query).
USER_LIST_QUERIES = 6


@pytest.mark.parametrize("rows", [10, 30])
def test_user_list_query_count_does_not_grow_with_rows(rows, director, client_for, django_assert_num_queries):
    institutions = factories.InstitutionFactory.create_batch(3, coordinator=None)
    for n in range(rows):
        factories.ReporterFactory(institution=institutions[n % 3])
    client = client_for(director)
    with django_assert_num_queries(USER_LIST_QUERIES):
        response = client.get(reverse("institutions:user_list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == rows + 1
    shown = main_text(response)
    assert all(f"{user.username} " in shown for user in User.objects.all())


@pytest.mark.parametrize("rows", [10, 30])
def test_user_form_query_count_does_not_grow_with_rows(rows, director, client_for, django_assert_num_queries):
    factories.InstitutionFactory.create_batch(rows, coordinator=None)
    client = client_for(director)
    with django_assert_num_queries(4):  # session, the data's version, user, the institution choices
        response = client.get(reverse("institutions:user_create"))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f">{escape(institution)}</option>" in html for institution in Institution.objects.all())


def test_new_user_from_an_institution_page_starts_as_its_reporter(director, institution, client_for):
    form = client_for(director).get(reverse("institutions:user_create"), {"institution": institution.pk}).context["form"]
    assert form["institution"].value() == str(institution.pk) and form["role"].value() == Role.REPORTER


def test_user_page_shows_a_coordinators_portfolio_and_the_password_state(director, coordinator, institution,
                                                                        client_for):
    coordinator.set_unusable_password()
    coordinator.save()
    text = main_text(client_for(director).get(reverse("institutions:user_detail", args=[coordinator.pk])))
    assert "Portfolio" in text and str(institution) in text
    assert "Not chosen yet" in text
