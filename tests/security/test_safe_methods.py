"""GET never changes data: every GET URL of the permission matrix, read by every role, leaves every table as it was.

(The intended writes on a GET are the download logs of committee reports and meeting documents and the security
log: they record the
reading, or its refusal, itself.)
"""

import pytest
from django.apps import apps
from django.urls import reverse

from reports.models import QuarterlyReport
from tests.matrix import ROLES, ROWS

NOT_DATA = {"sessions.session", "admin.logentry", "reports.committeereportdownload", "institutions.securityevent",
            "strategy.documentdownload"}


def fingerprint():
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_DATA and model._meta.app_label != "axes"
    }


@pytest.mark.django_db
def test_no_get_url_writes(world, client_for):
    clients = {role: client_for(world.users[role]) for role in ROLES}
    urls = sorted({reverse(r.name, kwargs=r.kwargs(world) if r.kwargs else None) + r.query
                   for r in ROWS if r.method == "get"})
    writes = []
    for url in urls:
        before = fingerprint()
        for client in clients.values():
            client.get(url)
        after = fingerprint()
        writes += [f"{url}: {label} {before[label]} → {after[label]}" for label in before if before[label] != after[label]]
    assert not writes, "\n".join(writes)


@pytest.mark.django_db
def test_opening_a_period_asks_before_it_starts_the_report(world, client_for):
    """The other institution has no report yet: the GET asks, only the POST creates the draft."""
    client = client_for(world.users["other_reporter"])
    url = reverse("reports:report_open", args=[world.q_period.pk])
    response = client.get(url)
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    assert not QuarterlyReport.objects.filter(institution=world.other_institution).exists()
    response = client.post(url)
    report = QuarterlyReport.objects.get(institution=world.other_institution, period=world.q_period)
    assert response.url == reverse("reports:report_edit", args=[report.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "reports:my_reports"])
def test_the_start_buttons_carry_a_csrf_token(world, page):
    """The buttons that start a report post a form: with CSRF checks on, it must be accepted."""
    import re

    from django.conf import settings
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["other_reporter"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse(page)).content.decode()
    url = reverse("reports:report_open", args=[world.q_period.pk])
    form = re.search(rf'<form[^>]*action="{re.escape(url)}"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no start form on the page"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
    assert token, "the start form has no CSRF token"
    response = client.post(url, {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert QuarterlyReport.objects.filter(institution=world.other_institution, period=world.q_period).exists()
