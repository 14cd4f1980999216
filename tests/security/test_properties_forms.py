"""Property tests: every form of the application, posted with hostile values (tests/security/hostile.py).

Whatever is sent, the answer is never a server error and never carries our script unescaped; when the form is
refused, nothing of what it edits (nor its history) has changed; when it is accepted, the page it leads to is
safe too. The examples of one test share its database transaction (see the profile in tests/conftest.py).
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from institutions.models import Institution, User
from reports.models import CommitteeReport, QuarterlyReport, StatValue
from reports.models.quarterly import ActivityProgress
from strategy.models import ActionPlan, Activity, Dimension, Indicator, Pillar, ReportingPeriod
from tests.security.hostile import answer_is_safe, form_data, main_form, rows_of

pytestmark = pytest.mark.django_db


def _watched(*models):
    """The rows of these models and of their history: a refused form must leave both as they were."""
    querysets = []
    for model in models:
        querysets.append(model._default_manager.all())
        if hasattr(model, "history"):
            querysets.append(model.history.all())
    return querysets


def _fields(client, url):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    fields = main_form(page.content.decode())
    assert fields, "no form found on the page"
    return fields


def fuzz(client, url, querysets, *, reread=False):
    """Post the form at `url` with hostile values; `reread`: read the form afresh for each example (a form that
    carries the version of what it edits)."""
    first = _fields(client, url)

    @given(st.data())
    def run(data):
        fields = _fields(client, url) if reread else first
        before = rows_of(*querysets)
        response = client.post(url, data.draw(form_data(fields)))
        answer_is_safe(response)
        if response.status_code == 302:
            answer_is_safe(client.get(response["Location"]))
        else:
            assert rows_of(*querysets) == before, "a refused form changed the database"

    run()


FORMS = {
    "user_create": ("director", lambda w: reverse("institutions:user_create"), [User]),
    "user_update": ("director", lambda w: reverse("institutions:user_update", args=[w.users["reporter"].pk]), [User]),
    "institution_create": ("director", lambda w: reverse("institutions:institution_create"), [Institution]),
    "institution_update": ("director", lambda w: reverse("institutions:institution_update", args=[w.institution.pk]),
                           [Institution]),
    "plan_create": ("director", lambda w: reverse("strategy:plan_create"), [ActionPlan]),
    "plan_update": ("director", lambda w: reverse("strategy:plan_update", args=[w.plan.pk]), [ActionPlan]),
    "pillar_create": ("coordinator", lambda w: reverse("strategy:pillar_create", args=[w.plan.pk]), [Pillar]),
    "activity_update": ("coordinator", lambda w: reverse("strategy:activity_update", args=[w.activity.pk]),
                        [Activity]),
    "indicator_create": ("director", lambda w: reverse("strategy:indicator_create"), [Indicator]),
    "indicator_update": ("director", lambda w: reverse("strategy:indicator_update", args=[w.indicator.pk]),
                         [Indicator]),
    "dimension_create": ("director", lambda w: reverse("strategy:dimension_create"), [Dimension]),
    "periods_of_a_year": ("director", lambda w: reverse("strategy:period_create_year"), [ReportingPeriod]),
}


@pytest.mark.parametrize("name", FORMS)
def test_unit_forms_survive_hostile_values(name, world, client_for):
    role, url, models = FORMS[name]
    fuzz(client_for(world.users[role]), url(world), _watched(*models))


def test_the_report_form_survives_hostile_values(setup, filled_report, reporter, client_for):
    """Progress (status, narrative, spent) and statistics (figures in both notations) of a quarterly report."""
    watched = [StatValue.objects.filter(report=filled_report), ActivityProgress.objects.filter(report=filled_report),
               QuarterlyReport.objects.filter(pk=filled_report.pk)]
    fuzz(client_for(reporter), reverse("reports:report_edit", args=[filled_report.pk]), watched, reread=True)


def test_the_committee_report_texts_survive_hostile_values(client_for, committee_world):
    from reports.committee import services

    w = committee_world
    draft = services.committee_report_create(by=w.director, title="Raporti 2025", language="en", periods=w.p25)
    fuzz(client_for(w.director), reverse("reports:committee_edit", args=[draft.pk]), _watched(CommitteeReport))


@given(username=st.one_of(st.text(max_size=200), st.just("t-reporter")), password=st.text(max_size=200),
       address=st.sampled_from(["10.0.0.1", "203.0.113.9", "2001:db8::1"]))
def test_the_sign_in_form_survives_hostile_values(reporter, client, username, password, address):
    before = rows_of(User.objects.all())
    response = client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)
    answer_is_safe(response, allowed=(200, 400, 429))
    assert "_auth_user_id" not in client.session
    assert rows_of(User.objects.all()) == before
