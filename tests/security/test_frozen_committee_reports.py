"""A finalised committee report cannot be brought back to draft (and so made editable) by a bulk update."""

import pytest

from reports.choices import CommitteeReportStatus
from reports.models import CommitteeReport
from reports.models.committee import CommitteeReportError

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(director):
    return CommitteeReport.objects.create(title="Raporti 2025", created_by=director, status=CommitteeReportStatus.FINAL)


@pytest.mark.parametrize("status", [CommitteeReportStatus.DRAFT, CommitteeReportStatus.FINAL])
def test_a_bulk_status_change_other_than_superseding_is_refused(final, status):
    with pytest.raises(CommitteeReportError):
        CommitteeReport.objects.filter(pk=final.pk).update(status=status)
    final.refresh_from_db()
    assert final.status == CommitteeReportStatus.FINAL


def test_a_superseded_report_stays_superseded(final):
    CommitteeReport.objects.filter(pk=final.pk).update(status=CommitteeReportStatus.SUPERSEDED)
    with pytest.raises(CommitteeReportError):
        CommitteeReport.objects.filter(pk=final.pk).update(status=CommitteeReportStatus.FINAL)
    final.refresh_from_db()
    assert final.status == CommitteeReportStatus.SUPERSEDED


def test_drafts_still_update_in_bulk(director):
    draft = CommitteeReport.objects.create(title="Draft", created_by=director)
    assert CommitteeReport.objects.filter(pk=draft.pk).update(title="Draft 2") == 1
