"""A committee report compiled from accepted reports counts what they hold, as they held it, whatever happens to the
plan afterwards: an activity archived, an indicator deactivated, an option archived, a lead or partners changed."""

import re

import pytest
from django.urls import reverse

from reports.committee import services
from reports.committee.compile import compile_figures
from strategy.models import DimensionOption


def archive_activity(w):
    """1.1.1, which AAA (its lead) reported implemented in Q3, is archived."""
    w.act["1.1.1"].is_archived = True
    w.act["1.1.1"].save()


def deactivate_indicator(w):
    w.victims.is_active = False
    w.victims.save()


def archive_option(w):
    minor = DimensionOption.objects.get(code="minor")
    minor.is_archived = True
    minor.save()


def change_lead(w):
    """1.1.1 passes from AAA, which reported it implemented, to BBB, which never reported on it."""
    w.act["1.1.1"].lead_institution = w.b
    w.act["1.1.1"].save()


def change_partners(w):
    """BBB, which reported on 1.1.3 as a partner (10 spent), is no longer one."""
    w.act["1.1.3"].partners.remove(w.b)


PLAN_CHANGES = [archive_activity, deactivate_indicator, archive_option, change_lead, change_partners]


def compiled(w):
    figures = compile_figures(periods=w.p25, language="en")
    del figures["compiled_at"]
    return figures


def main_of(response):
    """The page's main content, without the (per request) CSRF tokens and the minute it was compiled."""
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
    return re.sub(r"Figures compiled on [^<]+", "", main)


@pytest.mark.parametrize("change", PLAN_CHANGES, ids=lambda change: change.__name__)
def test_the_compiled_figures_stay_what_the_accepted_reports_said(committee_world, change):
    w = committee_world
    before = compiled(w)
    assert before["implementation"]["totals"]["counts"]["implemented"] == 2  # 1.1.1 and 2.1.2
    change(w)
    after = compiled(w)
    assert after["implementation"] == before["implementation"]
    assert after["statistics"] == before["statistics"]
    assert after == before


def test_a_draft_committee_report_shows_the_same_page_after_all_of_them(committee_world, client_for):
    w = committee_world
    draft = services.committee_report_create(by=w.director, title="Raporti 2025", language="en", periods=w.p25)
    client = client_for(w.director)
    url = reverse("reports:committee_detail", args=[draft.pk])
    before = main_of(client.get(url))
    assert "Implemented" in before
    for change in PLAN_CHANGES:
        change(w)
    assert main_of(client.get(url)) == before
