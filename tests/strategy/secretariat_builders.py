"""Builders of the secretariat's objects for tests: a held meeting, a decision, a proposal."""

import datetime

from strategy import services
from strategy.choices import ItemKind, ItemSource, ProposalKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def held_meeting(by, *, on=datetime.date(2025, 3, 12), title="Mbledhja e Komitetit Shtetëror"):
    meeting = services.meeting_create(by=by, values=services.MeetingValues(body="state", title=title, held_on=on))
    return services.meeting_mark_held(meeting=meeting, by=by, today=on)


def decision(by, meeting, lead, *, text="Policia e Shtetit të raportojë çdo tremujor mbi identifikimin.",
             deadline=datetime.date(2026, 12, 31), partners=()):
    return services.item_create(by=by, values=services.ItemValues(
        kind=ItemKind.DECISION, source=ItemSource.COMMITTEE, text=text, lead_institution=lead, meeting=meeting,
        deadline=deadline, partners=partners))


def recommendation(by, lead, *, source=ItemSource.GRETA, text="Forconi identifikimin proaktiv të viktimave.",
                   deadline=None):
    return services.item_create(by=by, values=services.ItemValues(
        kind=ItemKind.RECOMMENDATION, source=source, reference="GRETA(2023)08", text=text, lead_institution=lead,
        deadline=deadline))


def deadline_proposal(by, activity, *, new_deadline=datetime.date(2027, 6, 30)):
    return services.proposal_create(by=by, values=services.ProposalValues(
        kind=ProposalKind.MOVE_DEADLINE, activity=activity, deadline_date=new_deadline,
        reasons="Fondet vijnë vonë."))
