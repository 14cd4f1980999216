"""Demo of the Committee's secretariat (part of `seed_demo`, after the quarterly and committee reports). Idempotent.

The State Committee's meetings of 2025–2026 with their agendas, decisions and minutes; a few GRETA (Albania, third
evaluation round, 2023) and US Trafficking in Persons (2024, 2025) recommendations, paraphrased; a decision
assigned to the State Police that its current quarterly report follows up (and its accepted Q3 report answered);
a proposal approved by the Committee and applied to the plan, with the decision in the activity's history; a
rejected one that keeps its record; the annual committee report presented at a meeting.
"""

import datetime

from institutions.choices import Role
from institutions.models import Institution, User
from strategy import services
from strategy.choices import ItemKind, ItemSource, ItemStatus, ProposalKind, ProposalStatus
from strategy.models import Activity, Meeting

from ..choices import FollowUpStatus, ReportStatus
from ..models import CommitteeRecommendationItem, CommitteeReport, CommitteeReportPresentation, ItemFollowUp
from ..models import QuarterlyReport as Report

AGENDA_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
              b"trailer<</Root 1 0 R>>\n%%EOF\n")

# (date, title, place, agenda, held, minutes approved)
MEETINGS = [
    (datetime.date(2025, 3, 12), "Mbledhja e parë e Komitetit Shtetëror për vitin 2025", "Kryeministria, Tiranë",
     "Raporti vjetor 2024 i Njësisë Antitrafik\nRekomandimet e GRETA-s, raundi i tretë\nPlani i punës 2025", True, True),
    (datetime.date(2025, 7, 10), "Mbledhja e dytë e Komitetit Shtetëror për vitin 2025", "Ministria e Brendshme",
     "Zbatimi i Planit të Veprimit në gjashtëmujorin e parë\nRaporti TIP 2025 i Departamentit të Shtetit", True, True),
    (datetime.date(2025, 12, 4), "Mbledhja e tretë e Komitetit Shtetëror për vitin 2025", "Ministria e Brendshme",
     "Propozimet e Njësisë për ndryshimin e Planit të Veprimit\nFinancimi i strehëzave për vitin 2026", True, True),
    (datetime.date(2026, 4, 15), "Mbledhja e parë e Komitetit Shtetëror për vitin 2026", "Kryeministria, Tiranë",
     "Raporti vjetor 2025 për Komitetin Shtetëror\nNdjekja e vendimeve të vitit 2025", True, False),
    (datetime.date(2026, 12, 17), "Mbledhja e dytë e Komitetit Shtetëror për vitin 2026", "Ministria e Brendshme",
     "Ndjekja e vendimeve dhe rekomandimeve\nPlani i punës 2027", False, False),
]

MINUTES = ("Mbledhja u drejtua nga Ministri i Brendshëm, Koordinator Kombëtar kundër Trafikimit të Personave. "
           "Morën pjesë përfaqësuesit e institucioneve anëtare. Komiteti shqyrtoi pikat e rendit të ditës dhe "
           "miratoi vendimet e regjistruara në Antitrafik.")

# (meeting index, lead, partners, deadline, text)
DECISIONS = [
    (0, "PSH", ["AP"], datetime.date(2026, 12, 31),
     "Policia e Shtetit të raportojë çdo tremujor numrin e kontrolleve proaktive për identifikimin e viktimave të "
     "mundshme në pikat e kalimit kufitar dhe në zonat turistike, si dhe rastet e referuara te Autoriteti Përgjegjës."),
    (1, "SHSSH", ["AP"], datetime.date(2026, 6, 30),
     "Shërbimi Social Shtetëror të hartojë standardet e shërbimit për strehimin e të miturve viktima të trafikimit "
     "dhe t'ia paraqesë Komitetit për miratim."),
    (2, "PP", ["PSH"], datetime.date(2026, 9, 30),
     "Prokuroria e Përgjithshme të raportojë gjashtëmujor procedimet për trafikim (neni 110/a dhe 128/b) të ndara "
     "nga veprat e lidhura, për raportin e Komitetit."),
]

# (source, reference, lead, partners, deadline, text) — paraphrased from the published reports.
RECOMMENDATIONS = [
    (ItemSource.GRETA, "GRETA, raundi i tretë i vlerësimit të Shqipërisë (2023)", "MD", ["PP"],
     datetime.date(2026, 12, 31),
     "Të garantohet në praktikë e drejta e viktimave për kompensim nga autori dhe, kur ai nuk paguan, nga shteti, "
     "duke e bërë të përdorshëm fondin shtetëror të kompensimit."),
    (ItemSource.GRETA, "GRETA, raundi i tretë i vlerësimit të Shqipërisë (2023)", "PP", ["PSH"], None,
     "Të zbatohet parimi i mosndëshkimit: viktimat e trafikimit të mos ndiqen penalisht për vepra që janë "
     "detyruar t'i kryejnë, me udhëzime për prokurorët dhe policinë."),
    (ItemSource.US_TIP, "US Trafficking in Persons Report 2024, Shqipëria", "PSH", ["AP"],
     datetime.date(2025, 12, 31),
     "Të shtohet identifikimi proaktiv i viktimave midis grupeve në rrezik, si fëmijët në situatë rruge, "
     "migrantët dhe azilkërkuesit, me kontroll për tregues trafikimi."),
    (ItemSource.US_TIP, "US Trafficking in Persons Report 2025, Shqipëria", "AP", ["SHSSH"],
     datetime.date(2026, 12, 31),
     "Të sigurohet financim i mjaftueshëm dhe në kohë për strehëzat e specializuara, përfshirë ato që drejtohen "
     "nga OJQ-të."),
]


def _say(stdout, verbosity, message):
    if stdout is not None and verbosity:
        stdout.write(message)


def seed(*, stdout=None, verbosity=1):
    if Meeting.objects.exists():
        _say(stdout, verbosity, "Secretariat: meetings exist, nothing to add.")
        return
    director = User.objects.filter(role=Role.DIRECTOR, is_active=True).order_by("pk").first()
    codes = {i.code: i for i in Institution.objects.filter(is_active=True)}
    if director is None or "PSH" not in codes:
        _say(stdout, verbosity, "Secretariat: no director or no State Police, nothing to add.")
        return
    members = [codes[c] for c in ("PSH", "AP", "PP", "MD", "SHSSH") if c in codes]
    meetings = []
    for index, (day, title, place, agenda, held, approved) in enumerate(MEETINGS):
        present = (members[:-1] if index % 2 else members) if held else []
        meeting = services.meeting_create(by=director, values=services.MeetingValues(
            body="state", title=title, held_on=day, place=place, chair="Ministri i Brendshëm", agenda=agenda,
            invited=members, present=present), today=day)
        services.document_upload(meeting=meeting, by=director, kind="agenda", title="Rendi i ditës",
                                 name=f"rendi-i-dites-{day:%Y-%m-%d}.pdf", data=AGENDA_PDF)
        if held:
            meeting = services.meeting_mark_held(meeting=meeting, by=director, today=day)
            minutes = services.minutes_create(meeting=meeting, by=director, text=MINUTES)
            if approved:
                services.minutes_approve(minutes=minutes, by=director)
        meetings.append(meeting)

    def people(names):
        return [codes[c] for c in names if c in codes]

    decisions = []
    for index, lead, partners, deadline, text in DECISIONS:
        if lead in codes:
            decisions.append(services.item_create(by=director, values=services.ItemValues(
                kind=ItemKind.DECISION, source=ItemSource.COMMITTEE, text=text, lead_institution=codes[lead],
                partners=people(partners), meeting=meetings[index], deadline=deadline)))
    for source, reference, lead, partners, deadline, text in RECOMMENDATIONS:
        if lead in codes:
            services.item_create(by=director, values=services.ItemValues(
                kind=ItemKind.RECOMMENDATION, source=source, reference=reference, text=text,
                lead_institution=codes[lead], partners=people(partners), deadline=deadline))
    if len(decisions) > 1:
        services.item_set_status(item=decisions[1], by=director, status=ItemStatus.IN_PROGRESS)

    _proposals(director, meetings[2])
    _psh_follow_up(decisions[0], director)
    _committee_report_links(director, meetings[3], codes)
    _say(stdout, verbosity, f"Secretariat: {len(meetings)} meetings, {len(decisions)} decisions, "
                            f"{len(RECOMMENDATIONS)} recommendations, 2 proposals.")


def _proposals(director, meeting):
    """A proposal to move an activity's deadline, approved and applied; another rejected, kept on record."""
    activities = list(Activity.objects.filter(is_archived=False, lead_institution__code="PSH").order_by("sort_key")[:2])
    if len(activities) < 2:
        return
    moved, kept = activities
    approval = services.item_create(by=director, values=services.ItemValues(
        kind=ItemKind.DECISION, source=ItemSource.COMMITTEE, meeting=meeting, lead_institution=moved.lead_institution,
        text=f"Komiteti miraton shtyrjen e afatit të aktivitetit {moved.code} deri më 30.06.2027, si propozoi Njësia."))
    proposal = services.proposal_create(by=director, values=services.ProposalValues(
        kind=ProposalKind.MOVE_DEADLINE, activity=moved, deadline_date=datetime.date(2027, 6, 30), meeting=meeting,
        reasons="Financimi nga donatori u miratua me vonesë; aktiviteti nuk mund të përfundojë brenda afatit."))
    services.proposal_decide(proposal=proposal, by=director, outcome=ProposalStatus.APPROVED, decision=approval)
    services.proposal_apply(proposal=proposal, by=director)
    services.item_set_status(item=approval, by=director, status=ItemStatus.DONE)
    rejected = services.proposal_create(by=director, values=services.ProposalValues(
        kind=ProposalKind.CHANGE_TARGET, activity=kept, target="100% e pikave kufitare", meeting=meeting,
        reasons="Objektivi aktual nuk mat mbulimin e pikave kufitare."))
    services.proposal_decide(proposal=rejected, by=director, outcome=ProposalStatus.REJECTED,
                             note="Komiteti kërkon që objektivi të rishikohet me rishikimin afatmesëm të planit.")


def _psh_follow_up(item, director):
    """The State Police answered the decision in its last accepted report; its current draft asks again."""
    latest = (Report.objects.filter(institution=item.lead_institution, status=ReportStatus.ACCEPTED)
              .order_by("-period__year", "-period__quarter").first())
    if latest is None:
        return
    follow_up = ItemFollowUp(report=latest, item=item, status=FollowUpStatus.IN_PROGRESS,
                             account="U kryen 412 kontrolle proaktive në Kapshticë, Kakavijë, Morinë dhe Rinas dhe në "
                                     "zonat turistike të Durrësit e Sarandës; 7 viktima të mundshme u referuan te "
                                     "Autoriteti Përgjegjës.")
    follow_up._history_user = director
    follow_up.save()


def _committee_report_links(director, meeting, codes):
    """The annual committee report presented at the meeting; its first recommendation followed up as an item."""
    report = CommitteeReport.objects.published().order_by("-created_at").first()
    if report is None:
        return
    CommitteeReportPresentation.objects.create(committee_report=report, meeting=meeting)
    lead = codes.get("MD") or codes["PSH"]
    item = services.item_create(by=director, values=services.ItemValues(
        kind=ItemKind.RECOMMENDATION, source=ItemSource.UNIT_REPORT, lead_institution=lead,
        reference=f"{report.title} (v{report.version})"[:255], deadline=datetime.date(2026, 12, 31),
        text="Ministritë përgjegjëse të planifikojnë fondet për aktivitetet me vonesë të Planit të Veprimit."))
    CommitteeRecommendationItem.objects.create(committee_report=report, item=item)
