"""Writes of the follow-up of decisions and recommendations: the report's part, and the committee report's links.

The follow-up part is saved like the rest of the report: by its institution's reporters while the report is a
draft or returned (reports.workflow), with the report's version guarding against lost updates, in the report's
history and timeline; it is reviewed, accepted and locked with the report.
"""

import datetime
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from institutions.models import Institution
from strategy import services as strategy_services
from strategy.choices import ItemKind, ItemSource, MeetingStatus
from strategy.models import Meeting

from .. import workflow
from ..choices import EventKind, FollowUpStatus
from ..models import CommitteeRecommendationItem, CommitteeReport, CommitteeReportPresentation, ItemFollowUp
from ..models.quarterly import ReportError
from ..models.secretariat import ACCOUNT_MAX_LENGTH
from ..services import _advance, _event, _refuse_save, _write_rows
from .selectors import report_items


def follow_up_save(*, report, by, version: int, entries: dict) -> None:
    """Save the institution's status and short account of each item of its report.

    `entries` maps item id → {"status": str, "account": str}. Items that are not the report's are refused and
    nothing is saved; a stale `version` (somebody saved the report in between) is refused the same way."""
    with transaction.atomic():
        workflow.check_edit(report, by)
        allowed = {item.pk for item in report_items(report)}
        if any(item_id not in allowed for item_id in entries):
            raise ReportError(_("Follow-up was sent for items that are not part of this report: nothing was saved."))
        incoming = {}
        for item_id, entry in entries.items():
            status, account = entry.get("status") or "", (entry.get("account") or "").strip()
            if status and status not in FollowUpStatus.values:
                raise ReportError(_("Choose one of the statuses offered."))
            if len(account) > ACCOUNT_MAX_LENGTH:
                raise ReportError(_("An account is too long: at most %(limit)s characters.")
                                  % {"limit": ACCOUNT_MAX_LENGTH})
            incoming[item_id] = None if not status and not account else {"status": status, "account": account}
        stored = {f.item_id: f for f in ItemFollowUp.objects.filter(report=report)}
        if not _advance(report, by=by, sources=workflow.EDITABLE_STATUSES, changes={}, expected_version=version):
            _refuse_save(report, by=by, values={}, progress={}, grids={}, activities={})
        changed = _write_rows(
            ItemFollowUp, by=by, incoming=incoming, stored=stored, fields=["status", "account"],
            make=lambda item_id, fields: ItemFollowUp(report=report, item_id=item_id, **fields),
            not_cleaned=["report", "item"])
        if changed:
            _event(report, EventKind.SAVED, by, snapshot={"changed_follow_ups": changed})


def _refuse_unless(by, permission):
    from antitrafik import policy

    if not policy.can(by, permission):
        raise DomainError(_("You may not do this."), kind=DomainError.FORBIDDEN)


@transaction.atomic
def committee_report_present(*, report: CommitteeReport, meeting: Meeting, by) -> CommitteeReportPresentation:
    """Record that a finalised committee report was presented at a meeting (the report itself stays frozen)."""
    _refuse_unless(by, "secretariat.manage")
    if report.is_draft:
        raise DomainError(_("Only a finalised report is presented to the Committee."), kind=DomainError.CONFLICT)
    if meeting.status == MeetingStatus.PLANNED:
        raise DomainError(_("The meeting has not been held yet: mark it as held first."), field="meeting")
    try:
        with transaction.atomic():
            return CommitteeReportPresentation.objects.create(committee_report=report, meeting=meeting)
    except IntegrityError:
        raise DomainError(_("This report is already linked to this meeting."), field="meeting") from None


@transaction.atomic
def committee_recommendation_to_item(*, report: CommitteeReport, by, text: str, lead_institution: Institution,
                                     partners: Sequence[Institution] = (),
                                     deadline: datetime.date | None = None) -> CommitteeRecommendationItem:
    """Turn a recommendation written in a committee report into a tracked item, in one step."""
    _refuse_unless(by, "secretariat.manage")
    if report.is_draft:
        raise DomainError(_("Only the recommendations of a finalised report become items."), kind=DomainError.CONFLICT)
    item = strategy_services.item_create(by=by, values=strategy_services.ItemValues(
        kind=ItemKind.RECOMMENDATION, source=ItemSource.UNIT_REPORT, text=text, lead_institution=lead_institution,
        partners=partners, deadline=deadline, reference=f"{report.title} (v{report.version})"[:255]))
    return CommitteeRecommendationItem.objects.create(committee_report=report, item=item)
