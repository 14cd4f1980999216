"""A finalise and a save of the texts at the same moment, on PostgreSQL: the report never goes back to draft,
never loses its frozen PDF, and a version it replaces is never left without a current final version."""

import hashlib
import threading
from unittest import mock

import pytest
from django.db import connection, connections, transaction
from django.utils import translation

from reports.choices import CommitteeReportStatus
from reports.committee import services
from reports.models import CommitteeReport
from reports.models.committee import CommitteeReportError
from tests.committee.builders import REASON
from tests.threads import in_thread

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks under real concurrency)"),
    pytest.mark.django_db(transaction=True),
]

FAKE_PDF = b"%PDF-1.4 rendered while somebody saved the texts"


def finalise_while_texts_are_saved(report, world):
    """The director finalises `report`; while its PDF renders, a coordinator saves the texts from a copy of the
    report loaded before. Returns (finalise result, save result, whether the save finished during rendering)."""
    stale = CommitteeReport.objects.get(pk=report.pk)  # the coordinator's edit page, opened before the finalise
    rendering, release = threading.Event(), threading.Event()

    def slow_render(report, figures):
        rendering.set()
        release.wait(10)
        return FAKE_PDF

    def finalise():
        with translation.override("en"):
            return services.committee_report_finalise(
                report=CommitteeReport.objects.get(pk=report.pk), by=world.director, coverage_reason=REASON)

    def save():
        with translation.override("en"):
            return services.committee_report_update(
                report=stale, by=world.coordinator, findings="Gjetje e shtuar gjatë finalizimit")

    results = {}
    with mock.patch.object(services, "render_pdf", slow_render):
        finaliser = in_thread(finalise, results, "finalise")
        assert rendering.wait(20), results
        saver = in_thread(save, results, "save")
        saver.join(5)
        saved_during_render = not saver.is_alive()
        release.set()
        finaliser.join(20)
        saver.join(20)
    connections.close_all()
    return results["finalise"], results["save"], saved_during_render


def assert_final_or_draft_whole(report_pk, finalised, saved):
    """Exactly one of the two wins, and the report is whole: final with its PDF and checksums and without the
    late texts, or still a draft with the texts (and the director told to finalise again)."""
    stored = CommitteeReport.objects.get(pk=report_pk)
    errors = [r for r in (finalised, saved) if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], CommitteeReportError), (finalised, saved)
    if stored.status == CommitteeReportStatus.FINAL:
        assert isinstance(saved, CommitteeReportError)
        assert bytes(stored.frozen_pdf) == FAKE_PDF
        assert stored.pdf_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
        assert stored.frozen_figures and stored.figures_sha256 and stored.finalised_at
        assert stored.findings == ""
    else:
        assert stored.status == CommitteeReportStatus.DRAFT
        assert isinstance(finalised, CommitteeReportError) and "finalise it again" in str(finalised)
        assert stored.frozen_pdf is None and stored.pdf_sha256 == "" and stored.finalised_at is None
        assert stored.findings == "Gjetje e shtuar gjatë finalizimit"
    return stored


def test_a_save_of_the_texts_during_the_finalise_never_brings_the_report_back_to_draft(committee_world):
    w = committee_world
    draft = services.committee_report_create(by=w.director, title="Raporti 2025", language="sq", periods=w.p25)
    finalised, saved, saved_during_render = finalise_while_texts_are_saved(draft, w)
    assert_final_or_draft_whole(draft.pk, finalised, saved)
    assert saved_during_render, "the report's row was locked while its PDF was rendered"


def test_a_version_being_replaced_keeps_a_current_final_version(committee_world):
    w = committee_world
    first = services.committee_report_create(by=w.director, title="Raporti 2025", language="sq", periods=w.p25)
    first = services.committee_report_finalise(report=first, by=w.director, coverage_reason=REASON)
    second = services.committee_report_supersede(report=first, by=w.coordinator)
    finalised, saved, _ = finalise_while_texts_are_saved(second, w)
    stored = assert_final_or_draft_whole(second.pk, finalised, saved)
    statuses = dict(CommitteeReport.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "status"))
    if stored.status == CommitteeReportStatus.FINAL:
        assert statuses == {first.pk: "superseded", second.pk: "final"}
    else:
        assert statuses == {first.pk: "final", second.pk: "draft"}


def test_a_stale_save_that_waited_on_the_lock_of_a_finalise_changes_nothing(committee_world):
    """Any path that saves a copy loaded before the finalise (the model's own save, not only the service):
    its UPDATE waits on the row lock, then finds the row final and writes nothing."""
    w = committee_world
    draft = services.committee_report_create(by=w.director, title="Raporti 2025", language="sq", periods=w.p25)
    stale = CommitteeReport.objects.get(pk=draft.pk)
    locked, release = threading.Event(), threading.Event()
    results = {}

    def finalise_slowly():
        with transaction.atomic():
            row = CommitteeReport.objects.select_for_update().get(pk=draft.pk)
            row.status, row.frozen_pdf, row.pdf_sha256 = CommitteeReportStatus.FINAL, FAKE_PDF, "f" * 64
            row.save(update_fields=["status", "frozen_pdf", "pdf_sha256"])
            locked.set()
            release.wait(10)
        return row

    def save_stale():
        stale.findings = "Kopje e vjetër"
        stale.save()
        return stale

    finaliser = in_thread(finalise_slowly, results, "finalise")
    assert locked.wait(20)
    saver = in_thread(save_stale, results, "save")
    saver.join(1)
    release.set()
    finaliser.join(20)
    saver.join(20)
    connections.close_all()
    assert isinstance(results["save"], CommitteeReportError), results
    stored = CommitteeReport.objects.get(pk=draft.pk)
    assert (stored.status, bytes(stored.frozen_pdf), stored.findings) == ("final", FAKE_PDF, "")
