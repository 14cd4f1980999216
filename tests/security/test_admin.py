"""The admin never writes workflow models: not by its change form, and not by simple_history's "revert"."""

import pytest
from django.urls import reverse

from reports.choices import CommitteeReportStatus, ReportStatus
from reports.models import CommitteeReport, QuarterlyReport
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for(factories.DirectorFactory(username="root", is_superuser=True, is_staff=True))


def test_reverting_a_quarterly_report_to_a_past_version_is_refused(filled_report, admin_client):
    version = QuarterlyReport.history.filter(id=filled_report.pk).earliest("history_date")
    url = reverse("admin:reports_quarterlyreport_simple_history", args=[filled_report.pk, version.history_id])
    assert admin_client.get(url).status_code == 200  # a past version can be read
    response = admin_client.post(url, {
        "institution": filled_report.institution_id, "period": filled_report.period_id, "status": "accepted",
        "warning_explanation": "", "times_returned": "0",
    })
    assert response.status_code == 403
    filled_report.refresh_from_db()
    assert filled_report.status == ReportStatus.DRAFT
    assert not QuarterlyReport.objects.filter(status=ReportStatus.ACCEPTED).exists()


def test_committee_reports_are_in_the_admin_read_only(director, admin_client):
    report = CommitteeReport.objects.create(title="Raporti 2025", created_by=director,
                                            status=CommitteeReportStatus.FINAL)
    changelist = admin_client.get(reverse("admin:reports_committeereport_changelist"))
    assert changelist.status_code == 200 and "Raporti 2025" in changelist.content.decode()
    change_url = reverse("admin:reports_committeereport_change", args=[report.pk])
    assert admin_client.get(change_url).status_code == 200
    admin_client.post(change_url, {"title": "Changed", "status": "draft"})
    assert admin_client.post(reverse("admin:reports_committeereport_delete", args=[report.pk]),
                             {"post": "yes"}).status_code == 403
    version = CommitteeReport.history.filter(id=report.pk).earliest("history_date")
    revert = reverse("admin:reports_committeereport_simple_history", args=[report.pk, version.history_id])
    assert admin_client.post(revert, {"title": "Changed", "status": "draft"}).status_code == 403
    report.refresh_from_db()
    assert (report.title, report.status) == ("Raporti 2025", CommitteeReportStatus.FINAL)
    assert admin_client.get(reverse("admin:reports_committeereportdownload_changelist")).status_code == 200
