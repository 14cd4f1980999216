"""The signed-in user and their second step's device, kept in the process under the data's version
(antitrafik.middleware): read once while nothing changes, and any change of the user or the device — a new
password, a device removed, a deactivation (tests/institutions/test_user_views.py) — counts at the next request, as
when they were read every time."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from antitrafik.middleware import kept_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def test_a_sessions_user_is_read_once_while_nothing_changes(reporter, client_for):
    client = client_for(reporter)
    url = reverse("account")
    first, sql = tables_read(client, url)
    assert first.status_code == 200 and any('FROM "institutions_user"' in s for s in sql)
    again, sql = tables_read(client, url)
    assert again.status_code == 200 and not any('FROM "institutions_user"' in s for s in sql)
    reporter.first_name = "Arta"
    reporter.save()  # any change of a user: read again
    page, sql = tables_read(client, url)
    assert any('FROM "institutions_user"' in s for s in sql) and "Arta" in page.content.decode()


def test_a_new_password_set_elsewhere_ends_a_kept_session(reporter, client_for):
    client = client_for(reporter)
    client.get(reverse("account"))
    client.get(reverse("account"))  # kept
    user = User.objects.get(pk=reporter.pk)
    user.set_password("Një-fjalëkalim-tjetër-2026")
    user.save()
    response = client.get(reverse("account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_a_kept_device_removed_behind_its_back_no_longer_counts(director, client_for):
    device = TOTPDevice.objects.create(user=director, name="Authenticator", confirmed=True)
    client = client_for(director)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get(reverse("account")).status_code == 200
    assert client.get(reverse("account")).status_code == 200  # user and device kept
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    response = client.get(reverse("account"))  # as for a director with no confirmed app: set one up first
    assert response.status_code == 302 and response["Location"].startswith(reverse("second_factor_enrol"))


def test_each_request_gets_its_own_copy_of_the_kept_user(reporter, client_for):
    client = client_for(reporter)
    client.get(reverse("account"))

    def request():
        made = RequestFactory().get("/")
        made.session = client.session
        return made

    first, second = kept_user(request()), kept_user(request())
    assert first.pk == second.pk == reporter.pk and first is not second
    first.first_name = "Ndryshuar në një kërkesë"
    assert kept_user(request()).first_name == reporter.first_name
