"""Matrix rows of the committee area: a draft (unit only) and a finalised report (also the committee)."""

import datetime

from tests.matrix import Row

UNIT = {"director": 200, "coordinator": 200, "other_coordinator": 200}
READERS = UNIT | {"committee": 200}


def build(world):
    """A plan with one period and one accepted report, a draft and a finalised report over that period."""
    from reports.choices import CommitteeReportStatus
    from reports.committee.compile import compile_figures
    from reports.committee.services import canonical_json, figures_checksum, sha256_hex
    from reports.models import CommitteeReport, QuarterlyReport
    from strategy.models import ActionPlan, ReportingPeriod, Strategy

    director = world.users["director"]
    strategy = Strategy.objects.create(title="Matrix strategy", start_year=2041, end_year=2042)
    plan = ActionPlan.objects.create(strategy=strategy, title="Matrix plan", start_year=2041, end_year=2042)
    period = ReportingPeriod.objects.create(plan=plan, year=2041, quarter=1, opens_on=datetime.date(2041, 3, 1),
                                            due_on=datetime.date(2041, 4, 15), status="closed")
    QuarterlyReport.objects.create(institution=world.institution, period=period, status="accepted",
                                   first_submitted_at=datetime.datetime(2041, 4, 10, tzinfo=datetime.UTC))
    world.committee_draft = CommitteeReport.objects.create(title="Draft", language="sq", created_by=director)
    world.committee_draft.periods.set([period])
    figures = compile_figures(periods=[period], language="en")
    pdf = b"%PDF-1.4 matrix placeholder"
    world.committee_final = CommitteeReport.objects.create(
        title="Final", language="en", created_by=director, finalised_by=director,
        finalised_at=datetime.datetime(2041, 5, 1, tzinfo=datetime.UTC),
        frozen_figures=__import__("json").loads(canonical_json(figures)), figures_sha256=figures_checksum(figures),
        frozen_pdf=pdf, pdf_sha256=sha256_hex(pdf),
    )
    world.committee_final.periods.set([period])
    CommitteeReport.objects.filter(pk=world.committee_final.pk).update(status=CommitteeReportStatus.FINAL)


def draft(world):
    return {"pk": world.committee_draft.pk}


def final(world):
    return {"pk": world.committee_final.pk}


ROWS = [
    Row("reports:committee_list", READERS),
    Row("reports:committee_create", UNIT),
    Row("reports:committee_create", UNIT, method="post", data=lambda w: {"title": "", "language": "sq"},
        note="invalid: the form answers 200 with its errors, nothing is created"),
    Row("reports:committee_detail", UNIT | {"committee": 404}, kwargs=draft, note="committee members never see drafts"),
    Row("reports:committee_detail", READERS, kwargs=final),
    Row("reports:committee_edit", UNIT | {"committee": 403}, kwargs=draft),
    Row("reports:committee_edit", {"director": 302, "coordinator": 302, "other_coordinator": 302}, kwargs=final,
        note="a finalised report is never edited: back to its page with a message"),
    Row("reports:committee_finalise", {"director": 200}, kwargs=draft),
    Row("reports:committee_finalise", {"director": 302}, kwargs=final, method="post",
        note="already finalised: refused with a message, nothing changes"),
    Row("reports:committee_supersede", UNIT, kwargs=final),
    Row("reports:committee_supersede", {"director": 302, "coordinator": 302, "other_coordinator": 302},
        kwargs=draft, method="post", note="only a finalised report gets a new version: refused with a message"),
    Row("reports:committee_pdf", READERS, kwargs=final),
    Row("reports:committee_pdf", {"director": 302, "coordinator": 302, "other_coordinator": 302, "committee": 404},
        kwargs=draft, note="a draft's PDF is made by the task worker first: back to the page with a message"),
    Row("reports:committee_draft_pdf", {r: 302 for r in READERS}, kwargs=final, method="post",
        note="a finalised report has its frozen PDF: refused with a message, nothing is queued"),
    Row("reports:committee_task", UNIT | {"committee": 404}, kwargs=draft),
    Row("reports:committee_task", READERS, kwargs=final),
    Row("reports:committee_xlsx", READERS, kwargs=final),
    Row("reports:committee_csv", READERS, kwargs=final),
]
