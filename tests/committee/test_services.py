"""Create, edit, finalise (freeze + checksums), supersede, and the guards of a finalised report."""

import hashlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from pypdf import PdfReader

from reports.choices import CommitteeReportStatus
from reports.committee import services
from reports.models import CommitteeReport, StatValue
from reports.models.committee import CommitteeReportError
from tests.committee.builders import REASON, make_period


@pytest.fixture
def draft(committee_world):
    w = committee_world
    return services.committee_report_create(by=w.director, title="Raporti vjetor 2025", language="sq", periods=w.p25)


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_create_sets_span_kind_and_history_user(draft, committee_world):
    assert draft.span_kind == "year" and draft.status == "draft" and draft.version == 1
    assert sorted(p.quarter for p in draft.periods.all()) == [1, 2, 3, 4]
    assert draft.history.first().history_user == committee_world.director


def test_coordinators_may_draft_but_reporters_and_committee_may_not(committee_world):
    w = committee_world
    report = services.committee_report_create(by=w.coordinator, title="T3 2025", language="en", periods=[w.p25[2]])
    assert report.span_kind == "quarter"
    for user in (w.reporter, w.member):
        with pytest.raises(CommitteeReportError) as refused:
            services.committee_report_create(by=user, title="x", language="en", periods=[w.p25[2]])
        assert refused.value.kind == "forbidden"


@pytest.mark.parametrize("case", ["empty", "gap", "no_data"])
def test_bad_spans_create_nothing(committee_world, case):
    w = committee_world
    periods = {"empty": [], "gap": [w.p25[0], w.p25[3]], "no_data": [make_period(w.plan, 2026, 1)]}[case]
    with pytest.raises(CommitteeReportError):
        services.committee_report_create(by=w.director, title="x", language="sq", periods=periods)
    assert not CommitteeReport.objects.exists()


def test_unsafe_markdown_is_refused_and_nothing_changes(draft, committee_world):
    for payload in ["<script>alert(1)</script>", "[kliko](javascript:alert(1))", "Tekst <img src=x onerror=alert(1)>"]:
        with pytest.raises(ValidationError) as error:
            services.committee_report_update(report=draft, by=committee_world.director, findings=payload)
        assert "findings" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.findings == ""


def test_finalise_freezes_figures_pdf_and_checksums(draft, committee_world):
    w = committee_world
    services.committee_report_update(report=draft, by=w.director, executive_summary="Përmbledhje e çështjeve kryesore.")
    report = services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    report.refresh_from_db()
    assert report.status == CommitteeReportStatus.FINAL and report.finalised_by == w.director and report.finalised_at
    canonical = json.dumps(report.frozen_figures, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert report.figures_sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    assert report.pdf_sha256 == hashlib.sha256(bytes(report.frozen_pdf)).hexdigest()
    text = pdf_text(bytes(report.frozen_pdf))
    assert report.figures_sha256 in text.replace("\n", "")
    assert "Përmbledhje e çështjeve kryesore." in text


def test_frozen_report_stays_the_same_when_the_data_changes(draft, committee_world):
    w = committee_world
    report = services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    before = (report.frozen_figures, bytes(report.frozen_pdf))
    StatValue.objects.filter(indicator=w.victims, cell_key="").update(value=999)
    w.reports[("BBB", 4)].delete()
    report = CommitteeReport.objects.get(pk=report.pk)
    assert services.committee_report_figures(report) == before[0]
    victims = next(i for i in report.frozen_figures["statistics"] if i["code"] == "V1")
    assert victims["total"] == 9
    assert bytes(report.frozen_pdf) == before[1]
    live = services.compile_figures(periods=w.p25, language="sq")
    assert next(i for i in live["statistics"] if i["code"] == "V1")["total"] != 9


def test_a_finalised_report_refuses_every_edit(draft, committee_world):
    w = committee_world
    report = services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    with pytest.raises(CommitteeReportError, match="finalised"):
        services.committee_report_update(report=report, by=w.director, findings="Ndryshim")
    report = CommitteeReport.objects.get(pk=report.pk)
    report.findings = "Ndryshim"
    with pytest.raises(CommitteeReportError, match="finalised"):
        report.save()
    with pytest.raises(CommitteeReportError, match="finalised"):
        CommitteeReport.objects.filter(pk=report.pk).update(title="Tjetër")
    with pytest.raises(CommitteeReportError, match="finalised"), transaction.atomic():
        report.periods.remove(w.p25[0])
    with pytest.raises(CommitteeReportError, match="finalised"):
        report.delete()
    with pytest.raises(CommitteeReportError, match="finalised"):
        services.committee_report_finalise(report=report, by=w.director, coverage_reason=REASON)
    stored = CommitteeReport.objects.get(pk=report.pk)
    assert (stored.title, stored.findings, stored.periods.count()) == ("Raporti vjetor 2025", "", 4)


def test_only_the_director_finalises(draft, committee_world):
    with pytest.raises(CommitteeReportError):
        services.committee_report_finalise(report=draft, by=committee_world.coordinator)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_supersede_makes_a_new_draft_and_the_old_one_superseded_once_it_is_finalised(draft, committee_world):
    w = committee_world
    services.committee_report_update(report=draft, by=w.director, recommendations="- Rekomandim")
    old = services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    with pytest.raises(CommitteeReportError):
        services.committee_report_supersede(report=draft, by=w.reporter)
    new = services.committee_report_supersede(report=old, by=w.coordinator)
    assert (new.version, new.supersedes_id, new.status, new.recommendations) == (2, old.pk, "draft", "- Rekomandim")
    assert new.periods.count() == 4
    old.refresh_from_db()
    assert old.status == "final"
    with pytest.raises(CommitteeReportError, match="already exists"):
        services.committee_report_supersede(report=old, by=w.director)
    services.committee_report_finalise(report=new, by=w.director, coverage_reason=REASON)
    old.refresh_from_db()
    assert old.status == "superseded"
    assert old.frozen_figures is not None and old.pdf_sha256


def test_a_draft_cannot_be_superseded(draft, committee_world):
    with pytest.raises(CommitteeReportError, match="Only a finalised"):
        services.committee_report_supersede(report=draft, by=committee_world.director)


def test_texts_saved_while_the_pdf_renders_are_not_frozen_without_being_printed(draft, committee_world):
    """The PDF is rendered before the row is locked: a save meanwhile goes through, and the finalise then refuses
    (its PDF would not show the new texts) instead of freezing a PDF that differs from the report."""
    from unittest import mock

    w = committee_world

    def render_while_a_coordinator_saves(report, figures):
        services.committee_report_update(report=draft, by=w.coordinator, findings="Gjetje e re")
        return b"%PDF-1.4"

    with mock.patch.object(services, "render_pdf", render_while_a_coordinator_saves), \
            pytest.raises(CommitteeReportError, match="finalise it again"):
        services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    stored = CommitteeReport.objects.get(pk=draft.pk)
    assert (stored.status, stored.findings, stored.frozen_pdf, stored.pdf_sha256) == ("draft", "Gjetje e re", None, "")
    final = services.committee_report_finalise(report=stored, by=w.director, coverage_reason=REASON)
    assert "Gjetje e re" in pdf_text(bytes(final.frozen_pdf))


def test_a_copy_loaded_before_the_finalise_can_neither_be_saved_nor_deleted(draft, committee_world):
    w = committee_world
    stale = CommitteeReport.objects.get(pk=draft.pk)
    services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    assert stale.is_draft
    with pytest.raises(CommitteeReportError, match="finalised"):
        services.committee_report_update(report=stale, by=w.coordinator, title="Tjetër")
    with pytest.raises(CommitteeReportError, match="finalised"):
        stale.delete()
    with pytest.raises(CommitteeReportError, match="finalised"):
        CommitteeReport.objects.filter(pk=draft.pk).delete()
    stored = CommitteeReport.objects.get(pk=draft.pk)
    assert (stored.status, stored.title) == ("final", "Raporti vjetor 2025") and stored.frozen_pdf


def test_saving_the_texts_writes_only_the_texts(draft, committee_world):
    """A save from a copy whose other fields are out of date writes only what it changes."""
    stale = CommitteeReport.objects.get(pk=draft.pk)
    CommitteeReport.objects.filter(pk=draft.pk).update(coverage_reason="Arsye e ruajtur")
    saved = services.committee_report_update(report=stale, by=committee_world.coordinator, proposals="Propozim")
    stored = CommitteeReport.objects.get(pk=draft.pk)
    assert (stored.proposals, stored.coverage_reason) == ("Propozim", "Arsye e ruajtur")
    assert saved.coverage_reason == "Arsye e ruajtur"
