"""The report page and its edit form: saving, bad input, tampering, conflicts, submission, review, timeline."""

import pytest
from django.urls import reverse

from reports import services
from reports.choices import EventKind, ReportStatus
from reports.models import ActivityProgress, QuarterlyReport, ReportEvent, StatValue


def edit_url(report):
    return reverse("reports:report_edit", args=[report.pk])


def stored(report):
    return {(v.indicator_id, v.cell_key): v.value for v in StatValue.objects.filter(report=report)}


@pytest.mark.django_db
def test_opening_the_period_creates_the_report_once(setup, reporter, client_for):
    client = client_for(reporter)
    url = reverse("reports:report_open", args=[setup.period.pk])
    first = client.post(url)
    report = QuarterlyReport.objects.get()
    assert first.url == edit_url(report)
    client.post(url)
    assert QuarterlyReport.objects.count() == 1
    assert client.get(url).url == edit_url(report)
    assert ReportEvent.objects.filter(report=report, kind=EventKind.CREATED).count() == 1


@pytest.mark.django_db
def test_the_form_shows_progress_rows_and_the_grid(setup, report, reporter, client_for):
    page = client_for(reporter).get(edit_url(report)).content.decode()
    for activity in setup.activities:  # led, led, partner
        assert f'name="a-{activity.pk}-status"' in page
    assert f'name="a-{setup.other_activity.pk}-status"' not in page
    v = setup.victims.pk
    for key in ["", setup.key(setup.female, setup.minor), setup.key(setup.male, setup.adult)]:
        assert f'name="v-{v}-{key}"' in page
    assert "Viktimat e identifikuara" in page  # help text
    assert f'name="v-{setup.foreign_indicator.pk}-' not in page
    assert 'name="version" value="1"' in page
    assert "data-once" in page


@pytest.mark.django_db
def test_save_stores_values_and_progress_with_history(setup, report, reporter, client_for):
    progress = {setup.activities[1].pk: {"status": "in_progress", "narrative": "Trajnime", "spent": "1 500,50"}}
    response = client_for(reporter).post(edit_url(report), setup.post_data(report, progress=progress))
    assert response.status_code == 302
    assert stored(report) == {k: v for k, v in setup.valid_values().items()}
    row = ActivityProgress.objects.get(report=report, activity=setup.activities[1])
    assert (row.status, row.narrative, str(row.spent)) == ("in_progress", "Trajnime", "1500.50")
    assert StatValue.history.filter(report_id=report.pk).first().history_user == reporter
    report.refresh_from_db()
    assert report.version == 2 and report.updated_by == reporter
    assert ReportEvent.objects.filter(report=report, kind=EventKind.SAVED).count() == 1


@pytest.mark.django_db
def test_values_and_progress_are_written_alike(setup, report, reporter):
    """Both are created, changed and removed only when they change, in bulk, each with its history record."""
    cell, activity = (setup.minors.pk, ""), setup.activities[1].pk

    def save(value, progress):
        report.refresh_from_db()
        services.report_save(report=report, by=reporter, version=report.version, values={cell: value},
                             progress={activity: progress})
        event = ReportEvent.objects.filter(report=report, kind=EventKind.SAVED).order_by("pk").last()
        return event.snapshot if event else None

    def history(model, **row):
        return [(r.history_type, r.history_user) for r in model.history.filter(report_id=report.pk, **row)
                .order_by("history_id")]

    done = {"status": "implemented", "narrative": "U krye", "spent": None}
    assert save(3, done) == {"changed_cells": 1, "changed_activities": 1}
    assert save(4, {**done, "narrative": "U krye plotësisht"}) == {"changed_cells": 1, "changed_activities": 1}
    before = ReportEvent.objects.count()
    save(4, {**done, "narrative": "U krye plotësisht"})  # nothing changed: nothing written
    assert ReportEvent.objects.count() == before
    assert save(None, {"status": "", "narrative": "", "spent": None}) == {"changed_cells": 1, "changed_activities": 1}
    steps = [("+", reporter), ("~", reporter), ("-", reporter)]
    assert history(StatValue, indicator_id=cell[0]) == steps
    assert history(ActivityProgress, activity_id=activity) == steps
    assert not StatValue.objects.filter(report=report).exists() and not ActivityProgress.objects.filter(report=report).exists()


@pytest.mark.django_db
def test_empty_is_not_zero(setup, report, reporter, client_for):
    values = {(setup.minors.pk, ""): "0", (setup.victims.pk, ""): ""}
    client_for(reporter).post(edit_url(report), setup.post_data(report, values=values))
    assert stored(report) == {(setup.minors.pk, ""): 0}
    # Emptying a cell deletes it (with a '-' history record).
    report.refresh_from_db()
    client_for(reporter).post(edit_url(report), setup.post_data(report, values={(setup.minors.pk, ""): ""}))
    assert stored(report) == {}
    assert StatValue.history.filter(report_id=report.pk, history_type="-").count() == 1
    page = client_for(reporter).get(report.get_absolute_url()).content.decode()
    assert "empty" in page


@pytest.mark.django_db
@pytest.mark.parametrize("typed,message", [
    ("dhjetë", "Enter a number"),
    ("12a", "Enter a number"),
    ("-3", "cannot be negative"),
    ("2.5", "whole number"),
    ("1" * 20, "too large"),
])
def test_bad_numbers_are_refused_next_to_the_cell(typed, message, setup, report, reporter, client_for):
    values = {**setup.valid_values(), (setup.minors.pk, ""): typed}
    response = client_for(reporter).post(edit_url(report), setup.post_data(report, values=values))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="v-{setup.minors.pk}--msg"' in page
    assert f'value="{typed}"' in page  # the input is kept
    assert stored(report) == {}


@pytest.mark.django_db
def test_negative_money_and_unknown_status_are_refused(setup, report, reporter, client_for):
    progress = {setup.activities[0].pk: {"status": "done!", "spent": "-5"}}
    response = client_for(reporter).post(edit_url(report), setup.post_data(report, progress=progress))
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be negative" in page and "Choose one of the statuses" in page
    assert not ActivityProgress.objects.filter(report=report).exists()


@pytest.mark.django_db
def test_narrative_of_100000_characters_is_refused(setup, report, reporter, client_for):
    progress = {setup.activities[0].pk: {"narrative": "a" * 100_000}}
    response = client_for(reporter).post(edit_url(report), setup.post_data(report, progress=progress))
    assert response.status_code == 400
    assert "At most 10000 characters" in response.content.decode()
    assert not ActivityProgress.objects.exists() and not StatValue.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("tamper", ["foreign_indicator", "unknown_cell", "foreign_activity", "institution", "period"])
def test_tampered_ids_are_refused_and_nothing_saved(tamper, setup, report, reporter, other_institution, client_for):
    data = setup.post_data(report)
    if tamper == "foreign_indicator":
        data[f"v-{setup.foreign_indicator.pk}-"] = "5"
    elif tamper == "unknown_cell":
        data[f"v-{setup.victims.pk}-999999"] = "5"
    elif tamper == "foreign_activity":
        data[f"a-{setup.other_activity.pk}-narrative"] = "hack"
    elif tamper == "institution":
        data["institution"] = str(other_institution.pk)
    else:
        data["period"] = str(setup.period.pk + 1000)
    response = client_for(reporter).post(edit_url(report), data)
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert not StatValue.objects.exists() and not ActivityProgress.objects.exists()


@pytest.mark.django_db
def test_another_institutions_report_is_404(setup, report, other_reporter, client_for):
    client = client_for(other_reporter)
    for name in ("report_detail", "report_edit", "report_history", "report_xlsx", "report_upload"):
        assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
    assert client.post(edit_url(report), setup.post_data(report)).status_code == 404
    assert not StatValue.objects.exists()


@pytest.mark.django_db
def test_stale_save_is_refused_showing_the_differences_and_keeping_the_input(setup, report, reporter, client_for):
    colleague = type(reporter).objects.create(username="colleague", role="reporter", institution=setup.institution,
                                              first_name="Elira", last_name="Hoxha")
    opened_version = report.version
    services.report_save(report=report, by=colleague, version=opened_version, values={(setup.minors.pk, ""): 7})
    mine = {**setup.valid_values(), (setup.minors.pk, ""): "3"}
    response = client_for(reporter).post(edit_url(report), setup.post_data(report, values=mine, version=opened_version))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Elira Hoxha saved this report" in page
    assert "Saved by somebody else in the meantime" in page
    assert f'name="v-{setup.minors.pk}-" id="v-{setup.minors.pk}-" value="3"' in page
    assert stored(report) == {(setup.minors.pk, ""): 7}
    report.refresh_from_db()
    assert f'name="version" value="{report.version}"' in page  # saving again now keeps the user's version


@pytest.mark.django_db
def test_save_and_submit_blocked_by_errors_shows_them_next_to_the_cells(setup, report, reporter, client_for):
    values = {**setup.valid_values(), (setup.victims.pk, ""): "11", (setup.minors.pk, ""): "30"}
    response = client_for(reporter).post(edit_url(report), setup.post_data(report, values=values, action="submit"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "adds up to 10, not to the total 11" in page
    assert "is more than" in page
    assert "Your changes were saved, but the report was not submitted." in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert stored(report)[(setup.victims.pk, "")] == 11  # the work is kept


@pytest.mark.django_db
def test_warnings_need_an_explanation(setup, report, reporter, client_for):
    from tests.reports.builders import make_period

    earlier = make_period(setup.plan, 2026, 1, status="open")
    old = services.report_start(institution=setup.institution, period=earlier, by=reporter)
    services.report_save(report=old, by=reporter, version=old.version, values=setup.valid_values(),
                         progress=setup.answered_progress())
    services.report_submit(report=old, by=reporter)
    values = {**setup.valid_values(), (setup.trainings.pk, ""): "40", (setup.trainings.pk, setup.key(setup.north)): "20",
              (setup.trainings.pk, setup.key(setup.south)): "20"}
    client = client_for(reporter)
    response = client.post(edit_url(report), setup.post_data(report, values=values, action="submit"))
    assert response.status_code == 400
    assert "departs by more than 50%" in response.content.decode()
    report.refresh_from_db()
    data = setup.post_data(report, values=values, action="submit")
    data["warning_explanation"] = "Një fushatë e madhe trajnimesh këtë tremujor."
    response = client.post(edit_url(report), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.warning_explanation.startswith("Një fushatë")


@pytest.mark.django_db
def test_review_journey_with_comments_diff_and_timeline(setup, filled_report, reporter, coordinator, client_for):
    reporter_client, coordinator_client = client_for(reporter), client_for(coordinator)
    assert reporter_client.post(reverse("reports:report_submit", args=[filled_report.pk])).status_code == 302
    # A double click: the second submit is refused cleanly.
    page = reporter_client.post(reverse("reports:report_submit", args=[filled_report.pk]), follow=True).content.decode()
    assert "already been submitted" in page
    assert ReportEvent.objects.filter(report=filled_report, kind=EventKind.SUBMITTED).count() == 1
    # The coordinator returns it with a general comment and one on an activity.
    response = coordinator_client.post(reverse("reports:report_return", args=[filled_report.pk]), {
        "comment": "Plotësoni shpenzimet.", f"c-a-{setup.activities[0].pk}": "Çfarë u bë konkretisht?"})
    assert response.status_code == 302
    page = reporter_client.get(edit_url(filled_report)).content.decode()
    assert "Plotësoni shpenzimet." in page and "Çfarë u bë konkretisht?" in page
    # The reporter changes a value and resubmits; the coordinator sees what changed.
    filled_report.refresh_from_db()
    values = {**setup.valid_values(), (setup.minors.pk, ""): "2"}
    resubmit = setup.post_data(filled_report, values=values, action="submit")
    assert reporter_client.post(edit_url(filled_report), resubmit).status_code == 302
    page = coordinator_client.get(filled_report.get_absolute_url()).content.decode()
    assert "What changed since the last submission" in page
    assert 'diff-old">3<' in page and 'diff-new">2<' in page
    # The report first, then what changed (a link at the top leads there).
    assert page.index('id="progress-title"') < page.index('id="stats-title"') < page.index('id="changes-title"')
    assert page.index('href="#changes-title"') < page.index('id="progress-title"')
    assert coordinator_client.post(reverse("reports:report_accept", args=[filled_report.pk])).status_code == 302
    page = reporter_client.get(filled_report.get_absolute_url()).content.decode()
    for kind in ("Created", "Saved", "Submitted", "Returned with comments", "Accepted"):
        assert kind in page
    assert "Plotësoni shpenzimet." in page
    history = reporter_client.get(reverse("reports:report_history", args=[filled_report.pk])).content.decode()
    assert 'diff-old">3<' in history and 'diff-new">2<' in history
    assert "V02 Indicator V02" in history


@pytest.mark.django_db
def test_the_return_form_shows_the_report_being_returned(setup, submitted_report, coordinator, client_for):
    page = client_for(coordinator).get(reverse("reports:report_return", args=[submitted_report.pk])).content.decode()
    form_end = page.index("</form>")
    assert form_end < page.index("The report you are returning") < page.index('id="progress-title"')
    assert page.index('id="stats-title"') > form_end
    assert setup.activities[0].code in page[form_end:]


@pytest.mark.django_db
def test_return_form_refuses_a_missing_or_huge_comment(submitted_report, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("reports:report_return", args=[submitted_report.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 400 and "Write a comment" in response.content.decode()
    response = client.post(url, {"comment": "x" * 100_000})
    assert response.status_code == 400 and "5000" in response.content.decode()
    response = client.post(url, {"comment": "ok", "c-a-999999": "tampered"})
    assert response.status_code == 400
    submitted_report.refresh_from_db()
    assert submitted_report.status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_other_coordinator_cannot_review(submitted_report, other_coordinator, client_for):
    client = client_for(other_coordinator)
    assert client.post(reverse("reports:report_accept", args=[submitted_report.pk])).status_code == 403
    assert client.get(submitted_report.get_absolute_url()).status_code == 200  # the unit sees all data
    submitted_report.refresh_from_db()
    assert submitted_report.status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_delayed_follows_the_accepted_status_of_the_lead(setup, filled_report, reporter, coordinator, client_for):
    """'Delayed' is the one rule of reports.selectors.activity_status: a draft saying 'implemented' does not
    change it (drafts do not count), the accepted report does."""
    client = client_for(reporter)
    page = client.get(filled_report.get_absolute_url()).content.decode()
    assert page.count("Delayed") == 1  # activity 0 was due in 2020; the draft says implemented, but it is a draft
    services.report_submit(report=filled_report, by=reporter)
    assert client.get(filled_report.get_absolute_url()).content.decode().count("Delayed") == 1
    services.report_accept(report=filled_report, by=coordinator)
    assert "Delayed" not in client.get(filled_report.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_history_and_diff_name_fields_as_readers_do(setup, submitted_report, reporter, coordinator, client_for):
    """Not `status`, `spent`, `narrative`: the fields' names in the reader's language."""
    services.report_return(report=submitted_report, by=coordinator, comment="Plotësoni shpenzimet.")
    submitted_report.refresh_from_db()
    activity = setup.activities[0]
    services.report_save(report=submitted_report, by=reporter, version=submitted_report.version,
                         progress={**setup.answered_progress(),
                                   activity.pk: {"status": "partial", "narrative": "U krye gjysma", "spent": "1500"}})
    services.report_submit(report=submitted_report, by=reporter)
    for url in (submitted_report.get_absolute_url(), reverse("reports:report_history", args=[submitted_report.pk])):
        page = client_for(coordinator, language="sq").get(url).content.decode()
        for raw in (">status<", ">spent<", ">narrative<", ">Status<", ">Narrative<", ">Spent<"):
            assert raw not in page, (url, raw)
        assert "Gjendja" in page and "Çfarë u bë" in page and "Shpenzimet (ALL)" in page, url


@pytest.mark.django_db
def test_the_reporter_replies_under_each_return_comment_and_the_history_keeps_it(setup, submitted_report, reporter,
                                                                                  coordinator, client_for):
    from reports.models import ReviewComment

    services.report_return(report=submitted_report, by=coordinator, comment="Plotësoni shpenzimet.")
    comment = ReviewComment.objects.get(report=submitted_report)
    reporter_client = client_for(reporter)
    form = reporter_client.get(edit_url(submitted_report)).content.decode()
    assert f'name="r-{comment.pk}"' in form and 'form="report-form"' in form
    submitted_report.refresh_from_db()
    data = setup.post_data(submitted_report, progress=setup.answered_progress())
    data[f"r-{comment.pk}"] = "Shpenzimet janë shtuar te aktiviteti 1."
    assert reporter_client.post(edit_url(submitted_report), data).status_code == 302
    comment.refresh_from_db()
    assert comment.reply == "Shpenzimet janë shtuar te aktiviteti 1." and comment.replied_at is not None
    assert comment.history.first().history_user == reporter
    review = client_for(coordinator).get(submitted_report.get_absolute_url()).content.decode()
    assert "Shpenzimet janë shtuar te aktiviteti 1." in review
    history = client_for(coordinator).get(reverse("reports:report_history", args=[submitted_report.pk])).content
    assert "Shpenzimet janë shtuar te aktiviteti 1." in history.decode() and "Reply" in history.decode()


@pytest.mark.django_db
def test_a_reply_to_another_reports_comment_is_refused(setup, submitted_report, reporter, coordinator, client_for):
    from reports.models import ReviewComment

    services.report_return(report=submitted_report, by=coordinator, comment="Plotësoni shpenzimet.")
    other = ReviewComment.objects.create(report=submitted_report, author=coordinator, body="x")
    stranger = other.pk + 1000
    submitted_report.refresh_from_db()
    data = {**setup.post_data(submitted_report), f"r-{stranger}": "tampered"}
    response = client_for(reporter).post(edit_url(submitted_report), data)
    assert response.status_code == 400 and "not on this report" in response.content.decode()


@pytest.mark.django_db
def test_the_report_pages_issues_lead_to_the_cell_and_name_the_indicator(setup, report, reporter, client_for):
    values = {**setup.valid_values(), (setup.victims.pk, setup.key(setup.female, setup.minor)): 9}
    services.report_save(report=report, by=reporter, version=report.version, values=values,
                         progress=setup.answered_progress())
    page = client_for(reporter).get(report.get_absolute_url()).content.decode()
    issues = page[page.index('<li class="text-danger">'):]
    assert f'href="{edit_url(report)}#' in issues  # the anchors exist on the edit page only
    assert "V01 Indicator V01:</span>" in issues and "adds up to 17, not to the total 10" in issues
    edit_page = client_for(reporter).get(edit_url(report)).content.decode()
    anchor = issues.split(f'href="{edit_url(report)}#', 1)[1].split('"', 1)[0]
    assert f'id="{anchor}"' in edit_page or f'name="{anchor}"' in edit_page, anchor


def test_a_refused_save_shows_the_late_activities_as_the_form_does(setup, report, reporter, client_for):
    """A save reads the activities without their status (it does not need it); a form that comes back after a
    refused save reads it then, so its rows still say which activities are delayed."""
    client = client_for(reporter)
    edit = reverse("reports:report_edit", args=[report.pk])
    shown = client.get(edit).content.decode().count("status-late")
    assert shown >= 1  # the first activity's deadline was in 2020
    values = setup.valid_values()
    values[(setup.minors.pk, "")] = "tre"
    response = client.post(edit, setup.post_data(report, values))
    assert response.status_code == 400
    assert response.content.decode().count("status-late") == shown
