"""Albania's published national figures entered as published, through the report form, like a user.

The Responsible Authority's national register of victims and potential victims of trafficking gives, per
year, a total with separate breakdowns by sex, by age and by form of exploitation: never the sex × age ×
form cross-table. The figures below are the government's, as the US State Department's Trafficking in
Persons reports quote them (2019 report for 2018, 2020 report for 2019, Albania chapter):

* 2019: 103 identified (96 potential victims and 7 officially recognised victims); 80 female, 23 male;
  67 minors, 36 adults; 65 sexual exploitation, 37 forced labour, 1 forced marriage.
* 2018: 95 identified (93 potential, 2 official); 60 female, 35 male; 67 minors, 28 adults; the forms of
  exploitation were not given for all of them: "at least 36 sex trafficking, 25 forced labour, 27 forced
  begging" (and 3 forced marriage).

The year's figures go into the institution's report of the year's last quarter.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports import services
from reports.choices import ReportStatus
from reports.models import StatValue
from strategy.choices import BreakdownLayout
from tests.reports.builders import make_period
from tests.reports.published import Published

pytestmark = pytest.mark.django_db


def in_language(client, language):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def enter(published, report, client, typed, *, action, explanation=None):
    """POST the edit form with these cells as typed: {(option or None for the total): text}."""
    values = {(published.victims.pk, published.key(o) if o else ""): text for o, text in typed.items()}
    extra = {"warning_explanation": explanation} if explanation is not None else {}
    return client.post(reverse("reports:report_edit", args=[report.pk]),
                       Published.post_data(report, values, action=action, **extra))


def as_stored(report):
    return {v.cell_key: (v.value, v.is_lower_bound) for v in StatValue.objects.filter(report=report)}


def test_2019_national_figures_as_published_are_accepted(institution, reporter, coordinator, client_for):
    p = Published(institution, year=2019, quarter=4)
    report = p.start(reporter)
    reporter_client = in_language(client_for(reporter), "sq")  # the Albanian interface
    typed = {
        None: "103",
        p.female: "80", p.male: "23", p.sex_unknown: "0",
        p.minor: "67", p.adult: "36", p.age_unknown: "0",
        p.sexual: "65", p.labour: "37", p.begging: "0", p.marriage: "1", p.form_unknown: "0",
    }
    response = enter(p, report, reporter_client, typed, action="submit")
    assert response.status_code == 302, response.content.decode()[-3000:]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not report.warning_explanation  # nothing to explain: every table adds up
    stored = as_stored(report)
    assert stored[""] == (Decimal(103), False)
    assert stored[p.key(p.female)] == (Decimal(80), False) and stored[p.key(p.minor)] == (Decimal(67), False)
    assert not [key for key in stored if "-" in key], "no cross-table cell may be invented"
    assert len(stored) == len(typed)
    # The unit's coordinator accepts it as it is.
    coordinator_client = client_for(coordinator)
    assert coordinator_client.post(reverse("reports:report_accept", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_2018_figures_with_at_least_forms_are_accepted_as_minimums(institution, reporter, coordinator, client_for):
    p = Published(institution, year=2018, quarter=4)
    report = p.start(reporter)
    reporter_client = in_language(client_for(reporter), "en")
    typed = {
        None: "95",
        p.female: "60", p.male: "35", p.sex_unknown: "0",
        p.minor: "67", p.adult: "28", p.age_unknown: "0",
        p.sexual: "≥ 36", p.labour: "≥ 25", p.begging: "≥ 27", p.marriage: "≥ 3",  # "at least", as published
    }
    # The forms overlap and their "unknown" cell is left empty (the source does not give it): the table
    # does not claim to account for every person, so its sum (at least 91) is not held against the total.
    response = enter(p, report, reporter_client, typed, action="submit")
    assert response.status_code == 302, response.content.decode()[-3000:]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    stored = as_stored(report)
    assert stored[p.key(p.sexual)] == (Decimal(36), True) and stored[p.key(p.begging)] == (Decimal(27), True)
    assert stored[p.key(p.female)] == (Decimal(60), False) and stored[""] == (Decimal(95), False)
    assert not [key for key in stored if "-" in key]
    page = client_for(coordinator).get(report.get_absolute_url()).content.decode()
    assert "≥ 36" in page and "≥ 27" in page
    assert client_for(coordinator).post(reverse("reports:report_accept", args=[report.pk])).status_code == 302
    # Had the register said that everyone is classified (unknown = 0), the minimums falling short of the
    # total would be a warning to explain, never an error.
    report = services.report_start(institution=institution, period=make_period(p.plan, 2017, 4), by=reporter)
    response = enter(p, report, reporter_client, {**typed, p.form_unknown: "0"}, action="submit")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your changes were saved, but the report was not submitted." in page
    assert "adds up to ≥ 91 because some of its figures are “at least” figures, short of the total 95" in page
    assert "Error:" not in page
    report.refresh_from_db()
    explanation = "Not all cases were classified by form of exploitation."
    response = enter(p, report, reporter_client, {**typed, p.form_unknown: "0"}, action="submit",
                     explanation=explanation)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.warning_explanation == explanation


def test_the_same_figures_in_the_cross_table_layout_would_need_invented_cells(institution, reporter, client_for):
    """Why the layout matters: with the cross-table alone, the one-way figures cannot even be typed."""
    p = Published(institution, layout=BreakdownLayout.CROSS, year=2019, quarter=4)
    report = p.start(reporter)
    response = enter(p, report, in_language(client_for(reporter), "sq"), {None: "103", p.female: "80"},
                     action="save")
    assert response.status_code == 400
    assert not StatValue.objects.filter(report=report).exists()
