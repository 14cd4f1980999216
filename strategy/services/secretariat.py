"""Writes of the Committee's secretariat: meetings, their documents and minutes.

Items (decisions, recommendations) and proposals for the plan are in `secretariat_items`.
"""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antitrafik import uploads
from antitrafik.history import save_audited
from institutions.models import Institution

from ..choices import DocumentKind, MeetingStatus, MinutesStatus
from ..models import DocumentDownload, Meeting, MeetingDocument, Minutes, SecretariatError
from ..models.secretariat import FROZEN_MINUTES


@dataclass(frozen=True, kw_only=True)
class MeetingValues:
    """What a user gives for a meeting."""

    body: str
    title: str
    held_on: datetime.date
    place: str = ""
    chair: str = ""
    agenda: str = ""
    invited: Sequence[Institution] = ()
    present: Sequence[Institution] = ()

    def fields(self):
        return {name: getattr(self, name) for name in ("body", "title", "held_on", "place", "chair", "agenda")}


def _check_present(meeting, values, today):
    if values.present and meeting.status == MeetingStatus.PLANNED and values.held_on > today:
        raise SecretariatError(_("A meeting in the future has nobody present yet: record who came once it is held."),
                               kind=SecretariatError.INVALID, field="present")
    if meeting.status != MeetingStatus.PLANNED and values.held_on > today:
        raise SecretariatError(_("A meeting that was held cannot have a date in the future."),
                               kind=SecretariatError.INVALID, field="held_on")


@transaction.atomic
def meeting_create(*, by, values: MeetingValues, today: datetime.date | None = None) -> Meeting:
    meeting = Meeting(**values.fields())
    _check_present(meeting, values, today or timezone.localdate())
    save_audited(meeting, by=by)
    meeting.invited.set(values.invited)
    meeting.present.set(values.present)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, values: MeetingValues, today: datetime.date | None = None) -> Meeting:
    if meeting.status == MeetingStatus.APPROVED:
        raise SecretariatError(_("The minutes of this meeting are approved: amend them with a new version instead."))
    for name, value in values.fields().items():
        setattr(meeting, name, value)
    _check_present(meeting, values, today or timezone.localdate())
    save_audited(meeting, by=by)
    meeting._history_user = by
    meeting.invited.set(values.invited)
    meeting.present.set(values.present)
    return meeting


def meeting_check_held(*, meeting: Meeting, today: datetime.date | None = None):
    """Raise unless the meeting can be marked as held now: planned, and its date has come."""
    if meeting.status != MeetingStatus.PLANNED:
        raise SecretariatError(_("This meeting is already marked as held."))
    if meeting.held_on > (today or timezone.localdate()):
        raise SecretariatError(_("The meeting is on %(date)s, in the future: it cannot be marked as held yet.")
                               % {"date": meeting.held_on.strftime("%d.%m.%Y")})


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by, today: datetime.date | None = None) -> Meeting:
    """planned → held; a meeting whose date has not come yet cannot have been held."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting_check_held(meeting=meeting, today=today)
    meeting.status = MeetingStatus.HELD
    return save_audited(meeting, by=by)


# Documents ------------------------------------------------------------------------------------------------


def document_upload(*, meeting: Meeting, by, kind: str, title: str, name: str, data: bytes,
                    restricted: bool = False) -> MeetingDocument:
    """Check the file (size, type from its content, name), store it under a random name and record it.

    Nothing is stored when anything is refused; a file written before a failed save is removed."""
    checked = uploads.check(name=name, data=data)
    stored = uploads.store(checked.data)
    try:
        with transaction.atomic():
            document = MeetingDocument(
                meeting=meeting, kind=kind, title=(title or "").strip() or checked.file_name,
                file_name=checked.file_name, stored_name=stored, content_type=checked.content_type,
                size=checked.size, sha256=checked.sha256, restricted=restricted, uploaded_by=by,
            )
            save_audited(document, by=by)
    except BaseException:
        uploads.discard(stored)
        raise
    return document


def document_log_download(*, document: MeetingDocument, by) -> DocumentDownload:
    """Record who downloaded the document (the director reads the log on the meeting's page)."""
    return DocumentDownload.objects.create(document=document, user=by)


# Minutes --------------------------------------------------------------------------------------------------


def minutes_checksum(minutes: Minutes) -> str:
    """SHA-256 of what approving freezes: the meeting, the version, the text and the signed file's checksum."""
    document_sha = minutes.document.sha256 if minutes.document_id else ""
    frozen = f"{minutes.meeting_id}\n{minutes.version}\n{document_sha}\n{minutes.text}"
    return hashlib.sha256(frozen.encode("utf-8")).hexdigest()


def _check_minutes_document(meeting, document):
    if document is not None and document.meeting_id != meeting.pk:
        raise SecretariatError(_("The file belongs to another meeting."), kind=SecretariatError.INVALID,
                               field="document")


@transaction.atomic
def minutes_create(*, meeting: Meeting, by, text: str, document: MeetingDocument | None = None) -> Minutes:
    """The first draft of a held meeting's minutes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.PLANNED:
        raise SecretariatError(_("Minutes are written after the meeting: mark it as held first."))
    if meeting.minutes.exists():
        raise SecretariatError(_("This meeting already has minutes: edit the draft or amend the approved version."))
    _check_minutes_document(meeting, document)
    return save_audited(Minutes(meeting=meeting, text=text, document=document), by=by)


@transaction.atomic
def minutes_update(*, minutes: Minutes, by, text: str, document: MeetingDocument | None = None) -> Minutes:
    if minutes.is_frozen:
        raise SecretariatError(FROZEN_MINUTES)
    _check_minutes_document(minutes.meeting, document)
    minutes.text, minutes.document = text, document
    return save_audited(minutes, by=by)


@transaction.atomic
def minutes_approve(*, minutes: Minutes, by) -> Minutes:
    """Freeze the draft with its checksum; the version it amends is superseded; the meeting's minutes are approved."""
    minutes = Minutes.objects.select_for_update(of=("self",)).select_related("meeting", "document").get(pk=minutes.pk)
    if minutes.is_frozen:
        raise SecretariatError(_("These minutes are already approved."))
    if not minutes.text.strip():
        raise SecretariatError(_("Minutes without text cannot be approved."))
    if minutes.amends_id:
        previous = Minutes.objects.get(pk=minutes.amends_id)
        previous.status = MinutesStatus.SUPERSEDED
        previous._history_user = by
        previous.save(update_fields=["status"])
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = by
    minutes.sha256 = minutes_checksum(minutes)
    minutes.full_clean()
    minutes._history_user = by
    # The checks of Minutes.save see the stored draft: this is the one write that freezes it.
    minutes.save()
    if minutes.document_id:
        MeetingDocument.objects.filter(pk=minutes.document_id).update(restricted=False, kind=DocumentKind.MINUTES)
    meeting = minutes.meeting
    if meeting.status != MeetingStatus.APPROVED:
        meeting.status = MeetingStatus.APPROVED
        save_audited(meeting, by=by)
    return minutes


@transaction.atomic
def minutes_amend(*, minutes: Minutes, by) -> Minutes:
    """A new draft version of approved minutes (same text, to be corrected); approving it supersedes the old one."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != MinutesStatus.APPROVED:
        raise SecretariatError(_("Only approved minutes are amended with a new version."))
    if Minutes.objects.filter(amends=minutes).exists():
        raise SecretariatError(_("A new version of these minutes already exists."))
    return save_audited(Minutes(meeting_id=minutes.meeting_id, version=minutes.version + 1, text=minutes.text,
                                document=minutes.document, amends=minutes), by=by)
