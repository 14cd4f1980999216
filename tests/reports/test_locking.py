"""When a period is locked nothing in it changes, by any path: services, pages, admin, import, commands,
model save/delete, queryset update/delete/bulk_create/bulk_update, fixtures, cascades."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from reports import services
from reports.choices import ReportStatus
from reports.models import ActivityProgress, QuarterlyReport, ReportEvent, ReviewComment, StatValue
from reports.models.quarterly import PeriodLockedError
from strategy.choices import PeriodStatus


def lock(period):
    period.status = PeriodStatus.LOCKED
    period.save()


def fingerprint(report):
    """Everything stored about a report, to compare before and after an attempt."""
    return (
        list(QuarterlyReport.objects.filter(pk=report.pk).values()),
        list(StatValue.objects.filter(report=report).order_by("pk").values()),
        list(ActivityProgress.objects.filter(report=report).order_by("pk").values()),
        list(ReviewComment.objects.filter(report=report).order_by("pk").values()),
        list(ReportEvent.objects.filter(report=report).order_by("pk").values()),
        QuarterlyReport.history.filter(id=report.pk).count(), StatValue.history.filter(report_id=report.pk).count(),
    )


@pytest.fixture
def locked(setup, submitted_report, coordinator):
    services.report_return(report=submitted_report, by=coordinator, comment="Korrigjoni.")
    submitted_report.refresh_from_db()
    lock(setup.period)
    return submitted_report


MODEL_WRITES = {
    "report.save": lambda r: (setattr(r, "status", ReportStatus.DRAFT), r.save()),
    "report.delete": lambda r: r.delete(),
    "report.qs.update": lambda r: QuarterlyReport.objects.filter(pk=r.pk).update(status=ReportStatus.ACCEPTED),
    "report.qs.delete": lambda r: QuarterlyReport.objects.filter(pk=r.pk).delete(),
    "report.bulk_update": lambda r: QuarterlyReport.objects.bulk_update([r], ["status"]),
    "report.bulk_create": lambda r: QuarterlyReport.objects.bulk_create(
        [QuarterlyReport(institution_id=r.institution_id, period_id=r.period_id)]),
    "value.save": lambda r: (lambda v: (setattr(v, "value", 99), v.save()))(StatValue.objects.filter(report=r).first()),
    "value.create": lambda r: StatValue.objects.create(report=r, indicator_id=StatValue.objects.filter(report=r)
                                                        .first().indicator_id, cell_key="999", value=1),
    "value.delete": lambda r: StatValue.objects.filter(report=r).first().delete(),
    "value.qs.update": lambda r: StatValue.objects.filter(report=r).update(value=0),
    "value.qs.delete": lambda r: StatValue.objects.filter(report=r).delete(),
    "value.delete_with_history": lambda r: StatValue.objects.filter(report=r).delete_with_history(),
    "value.related.update": lambda r: r.values.update(value=5),
    "value.bulk_update": lambda r: StatValue.objects.bulk_update(list(StatValue.objects.filter(report=r)), ["value"]),
    "value.bulk_create": lambda r: StatValue.objects.bulk_create(
        [StatValue(report=r, indicator_id=StatValue.objects.filter(report=r).first().indicator_id, cell_key="x", value=1)]),
    "progress.save": lambda r: (lambda p: (setattr(p, "narrative", "x"), p.save()))(
        ActivityProgress.objects.filter(report=r).first()),
    "progress.qs.update": lambda r: ActivityProgress.objects.filter(report=r).update(narrative=""),
    "progress.qs.delete": lambda r: ActivityProgress.objects.filter(report=r).delete(),
    "comment.save": lambda r: (lambda c: (setattr(c, "body", "x"), c.save()))(ReviewComment.objects.filter(report=r).first()),
    "comment.create": lambda r: ReviewComment.objects.create(report=r, author_id=ReviewComment.objects.filter(report=r)
                                                             .first().author_id, body="x"),
    "comment.qs.update": lambda r: ReviewComment.objects.filter(report=r).update(body=""),
    "comment.qs.delete": lambda r: ReviewComment.objects.filter(report=r).delete(),
    "event.qs.delete": lambda r: ReportEvent.objects.filter(report=r).delete(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(MODEL_WRITES))
def test_model_and_queryset_writes_are_refused(path, locked):
    before = fingerprint(locked)
    with pytest.raises(PeriodLockedError):
        MODEL_WRITES[path](QuarterlyReport.objects.get(pk=locked.pk))
    assert fingerprint(locked) == before


@pytest.mark.django_db
def test_service_calls_are_refused(setup, locked, reporter, coordinator, director):
    report = QuarterlyReport.objects.select_related("period", "institution").get(pk=locked.pk)
    before = fingerprint(report)
    attempts = [
        lambda: services.report_save(report=report, by=reporter, version=report.version, values={(setup.minors.pk, ""): 1}),
        lambda: services.report_submit(report=report, by=reporter),
        lambda: services.report_return(report=report, by=coordinator, comment="x"),
        lambda: services.report_accept(report=report, by=coordinator),
        lambda: services.report_reopen(report=report, by=director, reason="x"),
    ]
    for attempt in attempts:
        with pytest.raises(services.ReportError):
            attempt()
    assert fingerprint(report) == before


@pytest.mark.django_db
def test_a_new_report_cannot_be_started_in_a_locked_period(setup, reporter):
    lock(setup.period)
    with pytest.raises(PeriodLockedError):
        services.report_start(institution=setup.institution, period=setup.period, by=reporter)
    assert not QuarterlyReport.objects.exists()


@pytest.mark.django_db
def test_pages_refuse_with_a_message(setup, locked, reporter, client_for):
    before = fingerprint(locked)
    client = client_for(reporter)
    response = client.post(reverse("reports:report_edit", args=[locked.pk]), setup.post_data(locked), follow=True)
    assert "locked" in response.content.decode()
    response = client.post(reverse("reports:report_submit", args=[locked.pk]), follow=True)
    assert "locked" in response.content.decode()
    page = client.get(reverse("reports:report_detail", args=[locked.pk])).content.decode()
    assert reverse("reports:report_edit", args=[locked.pk]) not in page
    assert fingerprint(locked) == before


@pytest.mark.django_db
def test_review_pages_refuse_too(setup, submitted_report, coordinator, director, client_for):
    lock(setup.period)
    before = fingerprint(submitted_report)
    client_for(coordinator).post(reverse("reports:report_accept", args=[submitted_report.pk]))
    client_for(coordinator).post(reverse("reports:report_return", args=[submitted_report.pk]), {"comment": "x"})
    assert fingerprint(submitted_report) == before


@pytest.mark.django_db
def test_xlsx_upload_is_refused(setup, locked, reporter, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports import xlsx
    from reports.selectors.report import report_data

    buffer = io.BytesIO()
    xlsx.build_workbook(report_data(locked)).save(buffer)
    before = fingerprint(locked)
    upload = SimpleUploadedFile("form.xlsx", buffer.getvalue())
    response = client_for(reporter).post(reverse("reports:report_upload", args=[locked.pk]), {"file": upload}, follow=True)
    assert "locked" in response.content.decode()
    assert fingerprint(locked) == before


@pytest.mark.django_db
def test_admin_cannot_change_or_delete(locked, client_for):
    from tests.factories import DirectorFactory

    admin_client = client_for(DirectorFactory(is_superuser=True, is_staff=True))
    before = fingerprint(locked)
    url = reverse("admin:reports_quarterlyreport_change", args=[locked.pk])
    assert admin_client.get(url).status_code == 200  # read-only view
    admin_client.post(url, {"status": "accepted"})
    admin_client.post(reverse("admin:reports_quarterlyreport_delete", args=[locked.pk]), {"post": "yes"})
    assert fingerprint(locked) == before


@pytest.mark.django_db
def test_management_commands_cannot_write(locked, tmp_path):
    before = fingerprint(locked)
    call_command("send_reminders", verbosity=0)
    fixture = tmp_path / "values.json"
    value = StatValue.objects.filter(report=locked).first()
    fixture.write_text(json.dumps([{"model": "reports.statvalue", "pk": value.pk, "fields": {
        "report": locked.pk, "indicator": value.indicator_id, "cell_key": value.cell_key, "value": "777"}}]))
    with pytest.raises(PeriodLockedError), transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)
    assert fingerprint(locked) == before


@pytest.mark.django_db
def test_unlocking_allows_changes_again(setup, locked, reporter, director):
    from strategy import services as strategy_services

    strategy_services.period_unlock(period=setup.period, by=director, reason="Korrigjim i miratuar.")
    report = QuarterlyReport.objects.select_related("period", "institution").get(pk=locked.pk)
    assert report.period.status != PeriodStatus.LOCKED
    if report.period.status == PeriodStatus.OPEN:
        services.report_save(report=report, by=reporter, version=report.version, values={(setup.minors.pk, ""): 2})
        assert StatValue.objects.get(report=report, indicator=setup.minors, cell_key="").value == 2
