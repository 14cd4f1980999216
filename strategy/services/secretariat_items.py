"""Writes of tracked items (decisions, recommendations) and of proposals to change the plan.

Applying an approved proposal changes the plan through the plan's own services (`activity_update`,
`activity_create`, `item_set_archived`), with the decision as the reason written in the activity's history.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antitrafik.history import save_audited
from institutions.models import Institution

from .. import deadlines
from ..choices import ItemKind, ItemStatus, MeetingStatus, ProposalKind, ProposalStatus
from ..models import Activity, Indicator, Meeting, Objective, Proposal, SecretariatError, TrackedItem
from .plan import LINKS, ActivityValues, activity_create, activity_update, item_set_archived

# Which statuses an item may move to from each status (the unit moves them; reporters report on them).
ITEM_TRANSITIONS = {
    ItemStatus.OPEN: (ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.DROPPED),
    ItemStatus.IN_PROGRESS: (ItemStatus.OPEN, ItemStatus.DONE, ItemStatus.DROPPED),
    ItemStatus.DONE: (ItemStatus.IN_PROGRESS,),
    ItemStatus.DROPPED: (ItemStatus.OPEN,),
}


@dataclass(frozen=True, kw_only=True)
class ItemValues:
    """What a user gives for a decision or recommendation."""

    kind: str
    source: str
    text: str
    lead_institution: Institution
    reference: str = ""
    meeting: Meeting | None = None
    partners: Sequence[Institution] = ()
    deadline: datetime.date | None = None
    activities: Sequence[Activity] = ()
    indicators: Sequence[Indicator] = ()

    def fields(self):
        return {name: getattr(self, name) for name in ("kind", "source", "text", "lead_institution", "reference",
                                                       "meeting", "deadline")}


def _check_item(values: ItemValues):
    inactive = [i for i in (values.lead_institution, *values.partners) if not i.is_active]
    if inactive:
        raise SecretariatError(
            _("%(institutions)s is no longer active: an item cannot be assigned to it.")
            % {"institutions": ", ".join(i.code for i in inactive)},
            kind=SecretariatError.INVALID,
            field="lead_institution" if not values.lead_institution.is_active else "partners")
    if values.kind == ItemKind.DECISION and values.meeting is None:
        raise SecretariatError(_("A decision is taken at a meeting: choose the meeting."),
                               kind=SecretariatError.INVALID, field="meeting")
    if values.meeting is not None and values.meeting.status == MeetingStatus.PLANNED and values.kind == ItemKind.DECISION:
        raise SecretariatError(_("The meeting has not been held yet: it has taken no decisions."),
                               kind=SecretariatError.INVALID, field="meeting")


def _set_relations(item, values, by):
    item._history_user = by
    item.partners.set([p for p in values.partners if p.pk != values.lead_institution.pk])
    item.activities.set(values.activities)
    item.indicators.set(values.indicators)


@transaction.atomic
def item_create(*, by, values: ItemValues) -> TrackedItem:
    _check_item(values)
    item = save_audited(TrackedItem(**values.fields()), by=by)
    _set_relations(item, values, by)
    return item


@transaction.atomic
def item_update(*, item: TrackedItem, by, values: ItemValues) -> TrackedItem:
    _check_item(values)
    for name, value in values.fields().items():
        setattr(item, name, value)
    save_audited(item, by=by)
    _set_relations(item, values, by)
    return item


@transaction.atomic
def item_set_status(*, item: TrackedItem, by, status: str, reason: str = "") -> TrackedItem:
    """Move an item along ITEM_TRANSITIONS; dropping needs a reason."""
    item = TrackedItem.objects.select_for_update().get(pk=item.pk)
    if status == item.status:
        raise SecretariatError(_("The item is already %(status)s.") % {"status": item.get_status_display().lower()})
    if status not in ITEM_TRANSITIONS[item.status]:
        raise SecretariatError(_("An item that is %(status)s cannot be moved to %(target)s.") % {
            "status": item.get_status_display().lower(), "target": ItemStatus(status).label.lower()})
    reason = (reason or "").strip()
    if status == ItemStatus.DROPPED and not reason:
        raise SecretariatError(_("Say why the item is dropped."), kind=SecretariatError.INVALID, field="reason")
    item.status = status
    if status == ItemStatus.DROPPED:
        item.drop_reason = reason
    return save_audited(item, by=by, reason=reason[:100])


# Proposals ------------------------------------------------------------------------------------------------


NEEDS_ACTIVITY = {ProposalKind.CHANGE_ACTIVITY, ProposalKind.DROP_ACTIVITY, ProposalKind.MOVE_DEADLINE,
                  ProposalKind.CHANGE_LEAD, ProposalKind.CHANGE_INDICATOR, ProposalKind.CHANGE_TARGET}
# What each kind of proposal must say (the fields of the proposal it changes in the plan).
REQUIRED = {
    ProposalKind.ADD_ACTIVITY: ("objective", "code", "description", "lead_institution"),
    ProposalKind.CHANGE_ACTIVITY: ("description",),
    ProposalKind.DROP_ACTIVITY: (),
    ProposalKind.MOVE_DEADLINE: ("deadline_date",),
    ProposalKind.CHANGE_LEAD: ("lead_institution",),
    ProposalKind.CHANGE_INDICATOR: ("output_indicator",),
    ProposalKind.CHANGE_TARGET: ("target",),
}


@dataclass(frozen=True, kw_only=True)
class ProposalValues:
    """What the unit proposes: the kind of change, the activity it concerns, the new values and the reasons."""

    kind: str
    reasons: str
    activity: Activity | None = None
    objective: Objective | None = None
    code: str = ""
    description: str = ""
    lead_institution: Institution | None = None
    deadline_date: datetime.date | None = None
    output_indicator: str = ""
    target: str = ""
    meeting: Meeting | None = None

    def fields(self):
        return dict(self.__dict__)


def activity_stamp(activity) -> int | None:
    """The id of the activity's newest history record: it changes with every change of the activity."""
    if activity is None:
        return None
    return activity.history.order_by("-history_id").values_list("history_id", flat=True).first()


def _check_proposal(values: ProposalValues):
    if values.kind in NEEDS_ACTIVITY and values.activity is None:
        raise SecretariatError(_("Choose the activity the proposal changes."), kind=SecretariatError.INVALID,
                               field="activity")
    for name in REQUIRED[values.kind]:
        if getattr(values, name) in (None, ""):
            raise SecretariatError(_("This kind of change needs this field."), kind=SecretariatError.INVALID,
                                   field=name)
    if values.lead_institution is not None and not values.lead_institution.is_active:
        raise SecretariatError(_("%(institution)s is no longer active: it cannot lead an activity.")
                               % {"institution": values.lead_institution.code}, kind=SecretariatError.INVALID,
                               field="lead_institution")


@transaction.atomic
def proposal_create(*, by, values: ProposalValues) -> Proposal:
    _check_proposal(values)
    fields = values.fields()
    if values.kind == ProposalKind.ADD_ACTIVITY:
        fields["activity"] = None
    proposal = Proposal(**fields, created_by=by, activity_stamp=activity_stamp(fields["activity"]))
    return save_audited(proposal, by=by)


@transaction.atomic
def proposal_update(*, proposal: Proposal, by, values: ProposalValues) -> Proposal:
    """A draft or deferred proposal, redrafted: it is stamped again with the activity as it is now."""
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.DEFERRED):
        raise SecretariatError(_("Only a draft or a deferred proposal can be changed; this one is %(status)s.")
                               % {"status": proposal.get_status_display().lower()})
    _check_proposal(values)
    for name, value in values.fields().items():
        setattr(proposal, name, value)
    if values.kind == ProposalKind.ADD_ACTIVITY:
        proposal.activity = None
    proposal.activity_stamp = activity_stamp(proposal.activity)
    return save_audited(proposal, by=by)


@transaction.atomic
def proposal_decide(*, proposal: Proposal, by, outcome: str, decision: TrackedItem | None = None,
                    note: str = "") -> Proposal:
    """Record what the Committee decided: approved (by one of its decisions), rejected or deferred."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.DEFERRED):
        raise SecretariatError(_("The Committee has already decided on this proposal (%(status)s).")
                               % {"status": proposal.get_status_display().lower()})
    if outcome not in (ProposalStatus.APPROVED, ProposalStatus.REJECTED, ProposalStatus.DEFERRED):
        raise SecretariatError(_("Choose what the Committee decided."), kind=SecretariatError.INVALID, field="outcome")
    if outcome == ProposalStatus.APPROVED:
        if decision is None or decision.kind != ItemKind.DECISION or decision.meeting_id is None:
            raise SecretariatError(_("An approval is a decision of a meeting: choose the decision."),
                                   kind=SecretariatError.INVALID, field="decision")
        proposal.meeting_id = decision.meeting_id
    proposal.status = outcome
    proposal.decision = decision if outcome == ProposalStatus.APPROVED else None
    proposal.decision_note = (note or "").strip()
    return save_audited(proposal, by=by)


def _values_of(activity, **changes) -> ActivityValues:
    """The activity's values as they are, with `changes`."""
    current = {name: getattr(activity, name) for name in ActivityValues.__dataclass_fields__ if name not in LINKS}
    current["co_leads"] = list(activity.co_leads.all())
    current["partners"] = list(activity.partners.all())
    current.update(changes)
    if "deadline_date" in changes:
        current.update(deadlines.empty() | {"deadline_date": changes["deadline_date"]})
    return ActivityValues(**current)


def decision_reason(proposal) -> str:
    """What the activity's history says about the change (at most 100 characters)."""
    decision = proposal.decision
    return str(_("Committee decision %(decision)s of %(date)s (proposal P-%(proposal)s)") % {
        "decision": decision.code, "date": decision.meeting.held_on.strftime("%d.%m.%Y"), "proposal": proposal.pk,
    })[:100]


def proposal_check_apply(*, proposal: Proposal):
    """Raise unless the proposal can be applied: approved by the Committee and not applied yet."""
    if proposal.status == ProposalStatus.APPLIED:
        raise SecretariatError(_("This proposal was already applied to the plan on %(date)s.")
                               % {"date": timezone.localtime(proposal.applied_at).strftime("%d.%m.%Y %H:%M")})
    if proposal.status != ProposalStatus.APPROVED:
        raise SecretariatError(_("Only a proposal the Committee approved can be applied; this one is %(status)s.")
                               % {"status": proposal.get_status_display().lower()})


@transaction.atomic
def proposal_apply(*, proposal: Proposal, by) -> Proposal:
    """Apply an approved proposal to the plan, once; refused when the activity changed since the proposal was
    drafted (then nothing changes: redraft it on the activity as it is now)."""
    proposal = (Proposal.objects.select_for_update(of=("self",)).select_related("decision__meeting", "activity")
                .get(pk=proposal.pk))
    proposal_check_apply(proposal=proposal)
    activity = proposal.activity
    if activity is not None:
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity_stamp(activity) != proposal.activity_stamp:
            raise SecretariatError(_(
                "Activity %(code)s was changed after this proposal was drafted: nothing was applied. Compare the "
                "activity's history with the proposal and draft it again.") % {"code": activity.code})
    reason = decision_reason(proposal)
    kind = proposal.kind
    if kind == ProposalKind.ADD_ACTIVITY:
        result = activity_create(by=by, reason=reason, values=ActivityValues(
            objective=proposal.objective, code=proposal.code, description=proposal.description,
            lead_institution=proposal.lead_institution, deadline_date=proposal.deadline_date,
            output_indicator=proposal.output_indicator, target=proposal.target))
    elif kind == ProposalKind.DROP_ACTIVITY:
        result = item_set_archived(item=activity, archived=True, by=by, reason=reason)
    else:
        field = {ProposalKind.CHANGE_ACTIVITY: "description", ProposalKind.MOVE_DEADLINE: "deadline_date",
                 ProposalKind.CHANGE_LEAD: "lead_institution", ProposalKind.CHANGE_INDICATOR: "output_indicator",
                 ProposalKind.CHANGE_TARGET: "target"}[kind]
        result = activity_update(activity=activity, by=by, reason=reason,
                                 values=_values_of(activity, **{field: getattr(proposal, field)}))
    proposal.status = ProposalStatus.APPLIED
    proposal.applied_at = timezone.now()
    proposal.applied_by = by
    proposal.result = result
    return save_audited(proposal, by=by)
