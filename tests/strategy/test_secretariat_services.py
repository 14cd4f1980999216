"""The secretariat's services: meetings held, minutes frozen, items for active institutions only, proposals applied
once and never when stale, uploads checked from their content."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from antitrafik.errors import DomainError
from antitrafik.uploads import UploadRefused, check
from strategy import services
from strategy.choices import MeetingStatus, MinutesStatus, ProposalStatus
from strategy.models import Activity, MeetingDocument, Minutes, Proposal, TrackedItem
from tests.factories import InstitutionFactory
from tests.reports.builders import make_activity, make_plan
from tests.strategy.secretariat_builders import PDF, deadline_proposal, decision, held_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_meeting_in_the_future_cannot_be_marked_held(director):
    meeting = services.meeting_create(by=director, values=services.MeetingValues(
        body="state", title="Mbledhja", held_on=datetime.date(2026, 12, 15)))
    with pytest.raises(DomainError, match="in the future"):
        services.meeting_mark_held(meeting=meeting, by=director, today=datetime.date(2026, 11, 30))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_an_item_for_an_inactive_institution_is_refused_and_nothing_is_saved(director):
    meeting = held_meeting(director)
    closed = InstitutionFactory(code="OLD", is_active=False)
    with pytest.raises(DomainError, match="OLD is no longer active"):
        decision(director, meeting, closed)
    active = InstitutionFactory(code="NEW")
    with pytest.raises(DomainError, match="OLD is no longer active"):
        decision(director, meeting, active, partners=[closed])
    assert not TrackedItem.objects.exists()


def test_approved_minutes_are_frozen_with_a_checksum_and_amended_by_a_new_version(director):
    meeting = held_meeting(director)
    minutes = services.minutes_create(meeting=meeting, by=director, text="Komiteti miratoi rendin e ditës.")
    approved = services.minutes_approve(minutes=minutes, by=director)
    assert approved.status == MinutesStatus.APPROVED and len(approved.sha256) == 64
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    with pytest.raises(DomainError, match="approved and can no longer be changed"):
        services.minutes_update(minutes=approved, by=director, text="Ndryshuar")
    approved.text = "Ndryshuar"
    with pytest.raises(DomainError):
        approved.save()
    with pytest.raises(DomainError):
        Minutes.objects.filter(pk=approved.pk).update(text="Ndryshuar")
    amended = services.minutes_amend(minutes=approved, by=director)
    services.minutes_update(minutes=amended, by=director, text="Komiteti miratoi rendin e ditës, me një ndryshim.")
    services.minutes_approve(minutes=amended, by=director)
    approved.refresh_from_db()
    assert approved.status == MinutesStatus.SUPERSEDED and approved.text == "Komiteti miratoi rendin e ditës."
    assert Minutes.objects.get(pk=amended.pk).version == 2


def _approved_proposal(director, institution):
    plan = make_plan()
    activity = make_activity(plan, institution, due_on=datetime.date(2026, 6, 30))
    activity.history.update(history_user=director)
    meeting = held_meeting(director)
    the_decision = decision(director, meeting, institution, text="Komiteti miraton shtyrjen e afatit.")
    proposal = deadline_proposal(director, activity)
    services.proposal_decide(proposal=proposal, by=director, outcome=ProposalStatus.APPROVED, decision=the_decision)
    return proposal, activity, the_decision


def test_applying_an_approved_proposal_changes_the_plan_with_the_decision_in_its_history(director, institution):
    proposal, activity, the_decision = _approved_proposal(director, institution)
    services.proposal_apply(proposal=proposal, by=director)
    activity.refresh_from_db()
    assert activity.deadline_date == datetime.date(2027, 6, 30)
    latest = activity.history.order_by("-history_id").first()
    assert the_decision.code in latest.history_change_reason and f"P-{proposal.pk}" in latest.history_change_reason
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPLIED


def test_a_proposal_is_applied_once(director, institution):
    proposal, activity, _decision = _approved_proposal(director, institution)
    services.proposal_apply(proposal=proposal, by=director)
    records = activity.history.count()
    with pytest.raises(DomainError, match="already applied"):
        services.proposal_apply(proposal=proposal, by=director)
    assert activity.history.count() == records


def test_a_stale_proposal_is_refused_and_nothing_is_applied(director, institution):
    proposal, activity, _decision = _approved_proposal(director, institution)
    activity.description = "Ndryshuar nga dikush tjetër"
    activity.save()
    with pytest.raises(DomainError, match="was changed after this proposal was drafted"):
        services.proposal_apply(proposal=proposal, by=director)
    activity.refresh_from_db()
    assert activity.deadline_date == datetime.date(2026, 6, 30)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPROVED


def test_a_rejected_proposal_keeps_its_record_and_cannot_be_applied(director, institution):
    plan = make_plan()
    activity = make_activity(plan, institution)
    proposal = deadline_proposal(director, activity)
    services.proposal_decide(proposal=proposal, by=director, outcome=ProposalStatus.REJECTED, note="Jo tani.")
    with pytest.raises(DomainError, match="Only a proposal the Committee approved"):
        services.proposal_apply(proposal=proposal, by=director)
    assert Activity.objects.get(pk=activity.pk).deadline_date is None


# Uploads --------------------------------------------------------------------------------------------------


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_the_type_is_read_from_the_content():
    assert check(name="rendi.pdf", data=PDF).kind == "pdf"
    assert check(name="procesverbali.docx", data=_docx()).kind == "docx"
    with pytest.raises(UploadRefused, match="not one of the accepted types"):
        check(name="rendi.pdf", data=b"<html><script>alert(1)</script></html>")
    with pytest.raises(UploadRefused, match="says .pdf but its content is Word"):
        check(name="rendi.pdf", data=_docx())


def test_an_oversized_file_and_a_path_in_the_name_are_refused(settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(UploadRefused, match="too big"):
        check(name="rendi.pdf", data=PDF + b"0" * 2000)
    for name in ("../../etc/passwd.pdf", "..\\rendi.pdf", "dosja/rendi.pdf"):
        with pytest.raises(UploadRefused, match="folder path"):
            check(name=name, data=PDF)


def test_a_refused_upload_stores_nothing_and_an_accepted_one_is_stored_under_a_random_name(director, settings):
    meeting = held_meeting(director)
    with pytest.raises(UploadRefused):
        services.document_upload(meeting=meeting, by=director, kind="agenda", title="", name="rendi.pdf",
                                 data=b"not a pdf")
    assert not MeetingDocument.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "documents").exists() or not any(
        (Path(settings.MEDIA_ROOT) / "documents").iterdir())
    document = services.document_upload(meeting=meeting, by=director, kind="agenda", title="", name="rendi.pdf",
                                        data=PDF)
    stored = Path(settings.MEDIA_ROOT) / "documents" / document.stored_name
    assert stored.read_bytes() == PDF and "rendi" not in document.stored_name and len(document.stored_name) == 32
    assert not str(stored.resolve()).startswith(str(Path(settings.STATIC_ROOT).resolve()))
