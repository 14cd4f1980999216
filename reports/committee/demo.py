"""Demo committee reports (part of `seed_demo`, after the quarterly reports). Idempotent.

A finalised report for the last full year and a draft for the latest quarter with accepted data.
When there is no accepted quarterly data yet, it does nothing.
"""

from django.utils import timezone

YEAR_TITLE = "Raporti vjetor %(year)s për Komitetin Shtetëror kundër Trafikimit të Personave"
QUARTER_TITLE = "Raporti i tremujorit të %(ordinal)s të vitit %(year)s për Komitetin Shtetëror"
ORDINALS = {1: "parë", 2: "dytë", 3: "tretë", 4: "katërt"}

SUMMARY = """Gjatë vitit %(year)s institucionet e Mekanizmit Kombëtar të Referimit vijuan zbatimin e Planit Kombëtar \
të Veprimit. Njësia Antitrafik përpiloi këtë raport vetëm nga raportet tremujore të **pranuara**.

- Zbatimi i aktiviteteve përparoi në të katër shtyllat, por disa aktivitete mbeten me vonesë.
- Disiplina e raportimit u përmirësua; disa institucione dorëzuan me vonesë ose u kthyen për korrigjim.
- Numri i viktimave dhe i viktimave të mundshme të identifikuara krahasohet me vitin paraardhës në seksionin 5."""

FINDINGS = """### Zbatimi
Aktivitetet e parandalimit (fushata ndërgjegjësimi, trajnime në shkolla) janë zbatuar në masë të madhe. \
Vonesat përqendrohen te aktivitetet që kërkojnë financim nga donatorët.

### Raportimi
Komitetet Rajonale Antitrafik në qarqet Kukës, Dibër dhe Korçë kanë nevojë për mbështetje në plotësimin e të dhënave \
të zbërthyera sipas gjinisë dhe moshës."""

RECOMMENDATIONS = """1. Komiteti Shtetëror të kërkojë nga ministritë përgjegjëse planifikimin e fondeve për aktivitetet me vonesë.
2. Institucionet që nuk raportuan të caktojnë një pikë kontakti të re brenda tremujorit të ardhshëm.
3. Të forcohet bashkëpunimi me Prokurorinë e Përgjithshme për të dhënat e procedimeve penale (neni 110/a dhe 128/b)."""

COVERAGE_REASON = ("Komiteti Shtetëror mblidhet para se të mbërrijnë raportet e munguara. Shifrat kombëtare të viktimave, "
                   "të procedimeve dhe të dënimeve vijnë nga institucionet përgjegjëse, raportet e të cilave janë "
                   "pranuar; raportet e munguara kërkohen me shkresë dhe pasqyrohen në versionin e ardhshëm.")

PROPOSALS = """- Rishikimi i treguesve të shtyllës së mbrojtjes, për të matur riintegrimin afatgjatë të viktimave.
- Shtimi i një treguesi për rastet e trafikimit të brendshëm të identifikuara nga shërbimet sociale."""


def _say(stdout, verbosity, message):
    if stdout is not None and verbosity:
        stdout.write(message)


def seed(*, stdout=None, verbosity=1):
    """Create the demo committee reports once; skip quietly when there is no accepted quarterly data."""
    from institutions.models import User
    from reports.choices import ReportStatus
    from reports.committee import services
    from reports.models import CommitteeReport, QuarterlyReport
    from reports.models.committee import CommitteeReportError
    from strategy.models import ReportingPeriod

    director = User.objects.filter(username="director").first()
    latest = (
        QuarterlyReport.objects.filter(status=ReportStatus.ACCEPTED)
        .order_by("-period__year", "-period__quarter").select_related("period").first()
    )
    if director is None or latest is None:
        _say(stdout, verbosity, "Committee reports: no accepted quarterly data yet, none created.")
        return
    last_full_year = timezone.localdate().year - 1
    year_periods = list(ReportingPeriod.objects.filter(year=last_full_year).order_by("quarter"))
    created = 0
    title = YEAR_TITLE % {"year": last_full_year}
    if len(year_periods) == 4 and not CommitteeReport.objects.filter(title=title).exists():
        try:
            report = services.committee_report_create(
                by=director, title=title, language="sq", periods=year_periods,
                executive_summary=SUMMARY % {"year": last_full_year}, findings=FINDINGS,
                recommendations=RECOMMENDATIONS, proposals=PROPOSALS,
            )
        except CommitteeReportError as error:
            _say(stdout, verbosity, f"Committee reports: the {last_full_year} report was not created ({error.messages[0]}).")
        else:
            services.committee_report_finalise(report=report, by=director, coverage_reason=COVERAGE_REASON)
            created += 1
    period = latest.period
    title = QUARTER_TITLE % {"ordinal": ORDINALS[period.quarter], "year": period.year}
    if not CommitteeReport.objects.filter(title=title).exists():
        services.committee_report_create(
            by=director, title=title, language="sq", periods=[period],
            executive_summary="Draft i përgatitur nga Njësia Antitrafik; tekstet do të plotësohen "
                              "pas takimit me koordinatorët.",
        )
        created += 1
    _say(stdout, verbosity, f"Committee reports: {CommitteeReport.objects.count()} ({created} new).")
