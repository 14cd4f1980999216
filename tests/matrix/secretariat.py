"""Matrix rows of the Committee's secretariat: meetings, documents, minutes, items and proposals.

The unit writes; committee members read meetings, approved minutes, unrestricted documents, items and proposals;
a reporter reads only its own institution's items (another institution's item answers 404) and no document."""

import datetime

from tests.matrix import Row

UNIT = {"director": 200, "coordinator": 200, "other_coordinator": 200}
READERS = UNIT | {"committee": 200}
NO_REPORTER = {"reporter": 403, "other_reporter": 403}
PDF = b"%PDF-1.4\n%%EOF\n"


def build(world):
    """A held meeting with approved minutes, decisions for both institutions, an unrestricted and a restricted
    document; a planned meeting in the future with draft minutes; a draft and an approved proposal."""
    from strategy import services
    from strategy.choices import ItemKind, ItemSource, MeetingStatus, ProposalKind, ProposalStatus
    from strategy.models import ActionPlan, Activity, Meeting, Minutes, Objective, Pillar, Strategy

    director = world.users["director"]
    held = services.meeting_create(by=director, values=services.MeetingValues(
        body="state", title="Matrix meeting", held_on=datetime.date(2025, 3, 12)))
    held = services.meeting_mark_held(meeting=held, by=director, today=datetime.date(2025, 3, 12))
    world.meeting = held
    world.future_meeting = services.meeting_create(by=director, values=services.MeetingValues(
        body="state", title="Future meeting", held_on=datetime.date(2099, 1, 15)))
    world.document = services.document_upload(meeting=held, by=director, kind="agenda", title="Agenda",
                                              name="rendi-i-dites.pdf", data=PDF)
    world.restricted_document = services.document_upload(meeting=held, by=director, kind="other", title="Internal",
                                                         name="shenime.pdf", data=PDF, restricted=True)
    minutes = services.minutes_create(meeting=held, by=director, text="Procesverbali.")
    world.approved_minutes = services.minutes_approve(minutes=minutes, by=director)
    # Draft minutes of another (held) meeting, written directly: the unit's work in progress.
    other = Meeting.objects.create(title="Matrix meeting 2", held_on=datetime.date(2025, 6, 1),
                                   status=MeetingStatus.HELD)
    world.draft_minutes = Minutes.objects.create(meeting=other, text="Draft.")
    world.item = services.item_create(by=director, values=services.ItemValues(
        kind=ItemKind.DECISION, source=ItemSource.COMMITTEE, text="Decision for the reporter's institution.",
        lead_institution=world.institution, meeting=held))
    world.other_item = services.item_create(by=director, values=services.ItemValues(
        kind=ItemKind.RECOMMENDATION, source=ItemSource.GRETA, text="Recommendation for the other institution.",
        lead_institution=world.other_institution))
    strategy = Strategy.objects.create(title="Secretariat strategy", start_year=2051, end_year=2052)
    plan = ActionPlan.objects.create(strategy=strategy, title="Secretariat plan", start_year=2051, end_year=2052)
    pillar = Pillar.objects.create(plan=plan, code="1", title="P")
    objective = Objective.objects.create(plan=plan, pillar=pillar, code="1.1", title="O")
    activity = Activity.objects.create(plan=plan, objective=objective, code="1.1.1", description="A",
                                       lead_institution=world.institution)
    values = services.ProposalValues(kind=ProposalKind.CHANGE_TARGET, activity=activity, target="10",
                                     reasons="Why.")
    world.draft_proposal = services.proposal_create(by=director, values=values)
    world.approved_proposal = services.proposal_create(by=director, values=values)
    services.proposal_decide(proposal=world.approved_proposal, by=director, outcome=ProposalStatus.APPROVED,
                             decision=world.item)


def _pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).pk}


ROWS = [
    Row("strategy:tracked_item_list", READERS | {"reporter": 200, "other_reporter": 200}),
    Row("strategy:tracked_item_create", UNIT),
    Row("strategy:tracked_item_create", UNIT, method="post", data=lambda w: {"kind": "decision"},
        note="invalid: the form again with its errors, nothing saved"),
    Row("strategy:tracked_item_detail", READERS | {"reporter": 200, "other_reporter": 404}, kwargs=_pk("item")),
    Row("strategy:tracked_item_detail", READERS | {"reporter": 404, "other_reporter": 200}, kwargs=_pk("other_item"),
        note="a reporter reaching another institution's item by URL gets 404"),
    Row("strategy:tracked_item_update", UNIT, kwargs=_pk("item")),
    Row("strategy:tracked_item_status", UNIT, kwargs=_pk("item")),
    Row("strategy:tracked_item_history", UNIT, kwargs=_pk("item")),
    Row("strategy:meeting_list", READERS),
    Row("strategy:meeting_create", UNIT),
    Row("strategy:meeting_detail", READERS, kwargs=_pk("meeting")),
    Row("strategy:meeting_update", UNIT, kwargs=_pk("future_meeting")),
    Row("strategy:meeting_held", UNIT, kwargs=_pk("future_meeting"), note="the page says why a future meeting "
        "cannot be marked held"),
    Row("strategy:meeting_held", {"director": 409, "coordinator": 409, "other_coordinator": 409},
        kwargs=_pk("future_meeting"), method="post", note="a meeting in the future marked held: refused"),
    Row("strategy:document_upload", UNIT, kwargs=_pk("meeting")),
    Row("strategy:document_download", READERS | {"reporter": 404, "other_reporter": 404}, kwargs=_pk("document")),
    Row("strategy:document_download", UNIT | {"committee": 404, "reporter": 404, "other_reporter": 404},
        kwargs=_pk("restricted_document"), note="a restricted file is the unit's only: 404 for everybody else"),
    Row("strategy:minutes_create", UNIT, kwargs=_pk("future_meeting")),
    Row("strategy:minutes_detail", READERS, kwargs=_pk("approved_minutes")),
    Row("strategy:minutes_detail", UNIT | {"committee": 404}, kwargs=_pk("draft_minutes"),
        note="committee members read approved minutes only"),
    Row("strategy:minutes_update", UNIT, kwargs=_pk("draft_minutes")),
    Row("strategy:minutes_update", {"director": 302, "coordinator": 302, "other_coordinator": 302},
        kwargs=_pk("approved_minutes"), note="approved minutes are frozen: back to their page with a message"),
    Row("strategy:minutes_approve", UNIT, kwargs=_pk("draft_minutes")),
    Row("strategy:minutes_amend", UNIT, kwargs=_pk("approved_minutes")),
    Row("strategy:proposal_list", READERS | NO_REPORTER),
    Row("strategy:proposal_create", UNIT),
    Row("strategy:proposal_detail", READERS, kwargs=_pk("approved_proposal")),
    Row("strategy:proposal_update", UNIT, kwargs=_pk("draft_proposal")),
    Row("strategy:proposal_decide", UNIT, kwargs=_pk("draft_proposal")),
    Row("strategy:proposal_apply", UNIT, kwargs=_pk("approved_proposal")),
    Row("strategy:proposal_apply", {"director": 409, "coordinator": 409, "other_coordinator": 409},
        kwargs=_pk("draft_proposal"), method="post", note="only an approved proposal is applied"),
]

# The follow-up in reports: the reporter's report part; links of a finalised committee report (tests/matrix/committee).
ROWS += [
    Row("reports:report_follow_up", {"reporter": 200, "other_reporter": 404}, kwargs=lambda w: {"pk": w.draft.pk},
        note="the follow-up part of the reporter's own draft; another institution's report answers 404"),
    Row("reports:report_follow_up", {"reporter": 302, "other_reporter": 404}, kwargs=lambda w: {"pk": w.draft.pk},
        method="post", data=lambda w: {"version": w.draft.version}),
    Row("reports:committee_present", UNIT, kwargs=lambda w: {"pk": w.committee_final.pk}),
    Row("reports:committee_recommendation_item", UNIT, kwargs=lambda w: {"pk": w.committee_final.pk}),
]
