"""Progress rows of a report: every activity needs a status to submit; an activity the institution reported
implemented (accepted) is done, not asked about again, and can be reopened."""

import pytest
from django.urls import reverse

from reports import services
from reports.choices import EventKind, ReportStatus
from reports.models import ActivityProgress, ReportEvent
from tests.reports.builders import make_period

pytestmark = pytest.mark.django_db


def edit_url(report):
    return reverse("reports:report_edit", args=[report.pk])


def test_a_report_with_an_activity_without_status_is_not_submitted(setup, report, reporter, client_for):
    client = client_for(reporter)
    first, second, third = setup.activities
    progress = {first.pk: {"status": "implemented"}, second.pk: {"status": "", "narrative": "Ende pa vendosur"},
                third.pk: {"status": "partial"}}
    response = client.post(edit_url(report), setup.post_data(report, progress=progress, action="submit"))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"choose a status for every activity (missing for {second.code})" in page
    row = page[page.index(f'id="act-{second.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "Choose a status: the report cannot be submitted without one." in row  # next to the row
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not ReportEvent.objects.filter(report=report, kind=EventKind.SUBMITTED).exists()
    assert ActivityProgress.objects.get(report=report, activity=second).narrative == "Ende pa vendosur"  # kept


def test_the_submit_button_of_the_report_page_refuses_too_and_says_which(setup, report, reporter, client_for):
    services.report_save(report=report, by=reporter, version=report.version, values=setup.valid_values(),
                         progress={setup.activities[0].pk: {"status": "implemented", "narrative": "", "spent": None}})
    client = client_for(reporter)
    page = client.get(report.get_absolute_url()).content.decode()
    assert page.count("No status yet: needed to submit.") == 2
    page = client.post(reverse("reports:report_submit", args=[report.pk]), follow=True).content.decode()
    assert "choose a status for every activity" in page
    assert setup.activities[1].code in page and setup.activities[2].code in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.fixture
def done_setup(setup, reporter, coordinator):
    """An accepted report of the quarter before: activity 0 implemented, 1 in progress, 2 partial."""
    earlier = make_period(setup.plan, 2026, 1)
    old = services.report_start(institution=setup.institution, period=earlier, by=reporter)
    services.report_save(report=old, by=reporter, version=old.version, values=setup.valid_values(),
                         progress=setup.answered_progress())
    services.report_accept(report=services.report_submit(report=old, by=reporter), by=coordinator)
    return setup


def test_an_activity_reported_implemented_is_done_and_not_asked_again(done_setup, report, reporter, client_for):
    setup = done_setup
    done, *others = setup.activities
    client = client_for(reporter)
    page = client.get(edit_url(report)).content.decode()
    row = page[page.index(f'id="act-{done.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "Implemented" in row and "reported for Q1 2026" in row
    assert f'name="a-{done.pk}-status"' not in row  # read-only: no status to choose
    assert f'name="a-{done.pk}-reopen"' in row
    # Submitting without a status for it is fine.
    progress = {a.pk: {"status": "in_progress"} for a in others}
    response = client.post(edit_url(report), setup.post_data(report, progress=progress, action="submit"))
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not ActivityProgress.objects.filter(report=report, activity=done).exists()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Done: not asked about again." in page


def test_a_done_activity_can_be_reopened_and_left_done_again(done_setup, report, reporter, client_for):
    setup = done_setup
    done, *others = setup.activities
    client = client_for(reporter)
    progress = {done.pk: {"reopen": "1"}, **{a.pk: {"status": "in_progress"} for a in others}}
    assert client.post(edit_url(report), setup.post_data(report, progress=progress)).status_code == 302
    assert ActivityProgress.objects.get(report=report, activity=done).status == ""  # asked again this quarter
    page = client.get(edit_url(report)).content.decode()
    row = page[page.index(f'id="act-{done.pk}"'):]
    row = row[:row.index("</tr>")]
    assert f'name="a-{done.pk}-status"' in row and "reported for Q1 2026" in row
    assert f'name="a-{done.pk}-reopen" id="a-{done.pk}-reopen" value="1" checked' in row
    report.refresh_from_db()
    response = client.post(edit_url(report), setup.post_data(report, progress=progress, action="submit"))
    assert response.status_code == 400
    assert f"missing for {done.code}" in response.content.decode()
    # Unticking "reopened" (with nothing typed) leaves it done again, and the report can be submitted.
    report.refresh_from_db()
    progress[done.pk] = {"status": "", "narrative": "", "spent": ""}
    response = client.post(edit_url(report), setup.post_data(report, progress=progress, action="submit"))
    assert response.status_code == 302
    assert not ActivityProgress.objects.filter(report=report, activity=done).exists()


def test_a_reopened_activity_reported_again_replaces_the_done_status(done_setup, report, reporter, client_for):
    setup = done_setup
    done, *others = setup.activities
    progress = {done.pk: {"reopen": "1", "status": "in_progress", "narrative": "Faza e dytë"},
                **{a.pk: {"status": "in_progress"} for a in others}}
    response = client_for(reporter).post(edit_url(report), setup.post_data(report, progress=progress, action="submit"))
    assert response.status_code == 302
    assert ActivityProgress.objects.get(report=report, activity=done).status == "in_progress"
