"""What an institution submitted, and what was accepted or locked, shows the same whatever happens to the plan
afterwards (an activity archived, an indicator deactivated, an option archived, a lead or partners changed): its
page, its review page and its spreadsheet. A draft follows the plan as it is now."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from strategy.services import period_close, period_lock


def archive_activity(setup, other):
    """The second activity the institution leads is archived."""
    activity = setup.activities[1]
    activity.is_archived = True
    activity.save()
    return f'id="act-{activity.pk}"'


def deactivate_indicator(setup, other):
    setup.trainings.is_active = False
    setup.trainings.save()
    return f'id="indicator-{setup.trainings.pk}-title"'


def archive_option(setup, other):
    setup.south.is_archived = True
    setup.south.save()
    return ">South</th>"


def change_lead(setup, other):
    """The first activity passes to the other institution, which the report's institution now only partners."""
    activity = setup.activities[0]
    activity.lead_institution = other
    activity.save()
    activity.partners.add(setup.institution)
    return f'id="act-{activity.pk}"'


def change_partners(setup, other):
    """The institution is no longer a partner of the third activity."""
    activity = setup.activities[2]
    activity.partners.remove(setup.institution)
    return f'id="act-{activity.pk}"'


PLAN_CHANGES = [archive_activity, deactivate_indicator, archive_option, change_lead, change_partners]


def main_of(response):
    """The page's main content, without the (per request) CSRF tokens."""
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def roles(page):
    """{activity row id: lead/partner} as the page shows them."""
    return dict(re.findall(r'id="(act-\d+)">.*?<span class="badge text-bg-light">(lead|partner)</span>', page, re.S))


def workbook_values(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture(params=["submitted", "accepted", "locked"])
def held_report(request, submitted_report, coordinator, director):
    """The report submitted, accepted, or accepted in a locked period."""
    if request.param != "submitted":
        services.report_accept(report=submitted_report, by=coordinator)
    if request.param == "locked":
        period_close(period=submitted_report.period, by=director)
        period_lock(period=submitted_report.period, by=director)
    submitted_report.refresh_from_db()
    return submitted_report


@pytest.mark.django_db
@pytest.mark.parametrize("change", PLAN_CHANGES, ids=lambda change: change.__name__)
def test_a_held_report_shows_what_it_held_whatever_happens_to_the_plan(held_report, setup, other_institution, change,
                                                                       client_for, coordinator):
    client = client_for(coordinator)
    detail = reverse("reports:report_detail", args=[held_report.pk])
    xlsx = reverse("reports:report_xlsx", args=[held_report.pk])
    page, sheet = main_of(client.get(detail)), workbook_values(client.get(xlsx))
    assert roles(page) == {f"act-{a.pk}": role for a, role in zip(setup.activities, ["lead", "lead", "partner"], strict=True)}

    marker = change(setup, other_institution)

    after = main_of(client.get(detail))
    assert marker in after
    assert roles(after) == roles(page)
    assert after == page
    assert workbook_values(client.get(xlsx)) == sheet


@pytest.mark.django_db
@pytest.mark.parametrize("change", PLAN_CHANGES, ids=lambda change: change.__name__)
def test_the_review_page_of_a_submitted_report_offers_what_it_held(submitted_report, setup, other_institution, change,
                                                                  client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("reports:report_return", args=[submitted_report.pk])
    page = main_of(client.get(url))
    change(setup, other_institution)
    assert main_of(client.get(url)) == page


@pytest.mark.django_db
@pytest.mark.parametrize("change", PLAN_CHANGES, ids=lambda change: change.__name__)
def test_a_draft_follows_the_plan_as_it_is_now(filled_report, setup, other_institution, change, client_for, reporter):
    client = client_for(reporter)
    url = reverse("reports:report_edit", args=[filled_report.pk])
    marker = change(setup, other_institution)
    page = main_of(client.get(url))
    if change is change_lead:
        assert roles(page)[marker[4:-1]] == "partner"
    else:
        assert marker not in page


@pytest.mark.django_db
def test_a_returned_report_follows_the_plan_again_and_its_next_submission_holds_every_row_it_has(
        submitted_report, setup, other_institution, client_for, coordinator, reporter):
    from tests.reports.builders import make_activity

    services.report_return(report=submitted_report, by=coordinator, comment="Plotësoni.")
    archived = archive_activity(setup, other_institution)
    added = make_activity(setup.plan, setup.institution)
    edit = reverse("reports:report_edit", args=[submitted_report.pk])
    page = main_of(client_for(reporter).get(edit))
    assert archived not in page and f'id="act-{added.pk}"' in page
    submitted_report.refresh_from_db()
    services.report_save(report=submitted_report, by=reporter, version=submitted_report.version,
                         progress={added.pk: {"status": "in_progress", "narrative": "Filloi", "spent": None}})
    services.report_submit(report=submitted_report, by=reporter)
    added.is_archived = True
    added.save()
    detail = reverse("reports:report_detail", args=[submitted_report.pk])
    page = main_of(client_for(coordinator).get(detail))
    # The new activity it answered, and the progress it still holds on the one archived while it was returned
    # (which a committee report counts).
    assert f'id="act-{added.pk}"' in page and "Filloi" in page
    assert archived in page


@pytest.mark.django_db
def test_reports_held_before_the_upgrade_keep_the_rows_they_showed(submitted_report, setup, other_institution,
                                                                   client_for, coordinator):
    """The migration gives the reports submitted before plan rows were kept the rows they showed then."""
    import importlib

    from django.apps import apps

    from reports.models import QuarterlyReport

    QuarterlyReport.objects.filter(pk=submitted_report.pk).update(plan_rows=None)
    client = client_for(coordinator)
    detail = reverse("reports:report_detail", args=[submitted_report.pk])
    before = main_of(client.get(detail))
    migration = importlib.import_module("reports.migrations.0006_report_keeps_its_plan_rows")
    migration.record_plan_rows(apps, None)
    assert main_of(client.get(detail)) == before
    for change in PLAN_CHANGES:
        change(setup, other_institution)
    assert main_of(client.get(detail)) == before
