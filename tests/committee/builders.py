"""A small world for committee reports whose figures are computed by hand in the tests.

Span 2025 (Q1–Q4), previous span 2024. Institutions AAA, BBB, CCC, DDD report; NJA is the unit.

Reports in 2025 (first submitted vs due on the 15th after the quarter):
    AAA  Q1 on time · Q2 late 3 days, returned once · Q3 on time · Q4 on time      (all accepted)
    BBB  Q1 missing · Q2 late 10 days · Q3 on time, returned twice · Q4 on time    (accepted)
    CCC  Q1 on time (accepted) · Q2 submitted, not accepted · Q3, Q4 missing
    DDD  nothing
2024: AAA Q1 and Q2 accepted.

Activities (status = the lead's latest accepted status up to Q4 2025, partners not mixed in; span ends 31.12.2025):
    1.1.1 lead AAA due 30.06.2025 cost 1000: Q1 in progress (100), Q3 implemented (200)  → implemented
    1.1.2 lead BBB due 31.03.2025 cost 500:  Q2 partial (50)                             → delayed
    1.1.3 lead AAA due 31.12.2026:           Q4 AAA in progress (25), BBB implemented (10) → in progress
    1.2.1 lead CCC due 30.06.2026 cost 2000: nothing                                     → not started
    1.2.2 lead CCC due 31.12.2025 cost 400:  Q1 in progress (40); Q2 (not accepted) implemented (999) → in progress
    1.2.3 lead CCC due 31.12.2026:           nothing                                     → not started
    2.1.1 lead BBB due 30.09.2025 cost 300:  Q3 not applicable                           → not applicable
    2.1.2 lead AAA due 31.12.2026 cost 700:  Q2 2024 implemented (70), before the span   → implemented
    2.1.3 lead AAA due 31.03.2026:           Q4 partial (0)                              → partial
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from institutions.choices import InstitutionKind
from reports.models import ActivityProgress, QuarterlyReport, StatValue
from strategy.models import (
    ActionPlan,
    Activity,
    Dimension,
    DimensionOption,
    Indicator,
    IndicatorDimension,
    Objective,
    Pillar,
    ReportingPeriod,
    Strategy,
)
from tests import factories

TIRANE = ZoneInfo("Europe/Tirane")
# The world's quarters are half covered (DDD never reports): finalising it needs a reason.
REASON = "Raportet e DDD dhe CCC mungojnë; Komiteti mblidhet para afatit të ri."


def at(day):
    """10:00 in Tirana on `day`."""
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TIRANE)


def make_period(plan, year, quarter, status="closed"):
    end_month = quarter * 3
    due = datetime.date(year + (end_month == 12), end_month % 12 + 1, 15)
    return ReportingPeriod.objects.create(
        plan=plan, year=year, quarter=quarter, opens_on=datetime.date(year, end_month, 1), due_on=due, status=status
    )


def accepted(institution, period, *, late_days=0, returned=0, status="accepted"):
    submitted = at(period.due_on + datetime.timedelta(days=late_days))
    return QuarterlyReport.objects.create(
        institution=institution, period=period, status=status, first_submitted_at=submitted,
        submitted_at=submitted, times_returned=returned,
        accepted_at=submitted + datetime.timedelta(days=2) if status == "accepted" else None,
    )


def progress(report, activity, status, spent=None):
    return ActivityProgress.objects.create(
        report=report, activity=activity, status=status, spent=None if spent is None else Decimal(spent)
    )


def stat(report, indicator, value, *options):
    ids = [o.pk for o in options] + [None] * (3 - len(options))
    return StatValue.objects.create(
        report=report, indicator=indicator, option_1_id=ids[0], option_2_id=ids[1], option_3_id=ids[2],
        cell_key=StatValue.make_cell_key(*ids), value=Decimal(value),
    )


def build_committee_world():
    """The world described above (the `committee_world` fixture of tests/committee/conftest.py)."""
    w = SimpleNamespace()
    # The users read the interface in English, so the tests can read its messages.
    coordinator = factories.CoordinatorFactory(username="cw-coordinator", language="en")
    w.director = factories.DirectorFactory(username="cw-director", language="en")
    w.coordinator = coordinator
    w.member = factories.CommitteeFactory(username="cw-committee", language="en")
    mk = factories.InstitutionFactory
    w.a = mk(code="AAA", name="Policia e Shtetit", name_en="State Police", coordinator=coordinator)
    w.b = mk(code="BBB", name="Prokuroria e Përgjithshme", name_en="General Prosecutor's Office", coordinator=coordinator)
    w.c = mk(code="CCC", name="Komiteti Rajonal Korçë", name_en="Regional Committee Korçë", coordinator=coordinator)
    w.d = mk(code="DDD", name="Shërbimi Social Shtetëror", name_en="State Social Service", coordinator=coordinator)
    mk(code="NJA", name="Njësia Antitrafik", name_en="Anti-Trafficking Unit", kind=InstitutionKind.UNIT)
    w.reporter = factories.ReporterFactory(username="cw-reporter", institution=w.a, language="en")

    strategy = Strategy.objects.create(title="Strategjia Kombëtare", start_year=2024, end_year=2026)
    w.plan = ActionPlan.objects.create(strategy=strategy, title="PKV 2024–2026", start_year=2024, end_year=2026)
    w.p24 = [make_period(w.plan, 2024, q) for q in (1, 2, 3, 4)]
    w.p25 = [make_period(w.plan, 2025, q) for q in (1, 2, 3, 4)]
    prevention = Pillar.objects.create(plan=w.plan, code="1", title="Parandalimi", title_en="Prevention", order=1)
    protection = Pillar.objects.create(plan=w.plan, code="2", title="Mbrojtja", title_en="Protection", order=2)
    o11 = Objective.objects.create(pillar=prevention, code="1.1", title="Ndërgjegjësimi i publikut")
    o12 = Objective.objects.create(pillar=prevention, code="1.2", title="Edukimi në shkolla")
    o21 = Objective.objects.create(pillar=protection, code="2.1", title="Identifikimi i viktimave")

    def activity(objective, code, lead, due, cost=None):
        return Activity.objects.create(
            objective=objective, code=code, description=f"Aktiviteti {code}: fushatë ndërgjegjësimi", lead_institution=lead,
            deadline_date=due, estimated_cost=None if cost is None else Decimal(cost),
        )

    d = datetime.date
    w.act = {
        "1.1.1": activity(o11, "1.1.1", w.a, d(2025, 6, 30), 1000),
        "1.1.2": activity(o11, "1.1.2", w.b, d(2025, 3, 31), 500),
        "1.1.3": activity(o11, "1.1.3", w.a, d(2026, 12, 31)),
        "1.2.1": activity(o12, "1.2.1", w.c, d(2026, 6, 30), 2000),
        "1.2.2": activity(o12, "1.2.2", w.c, d(2025, 12, 31), 400),
        "1.2.3": activity(o12, "1.2.3", w.c, d(2026, 12, 31)),
        "2.1.1": activity(o21, "2.1.1", w.b, d(2025, 9, 30), 300),
        "2.1.2": activity(o21, "2.1.2", w.a, d(2026, 12, 31), 700),
        "2.1.3": activity(o21, "2.1.3", w.a, d(2026, 3, 31)),
    }
    w.act["1.1.3"].partners.add(w.b)

    q1, q2, q3, q4 = w.p25
    w.reports = {
        ("AAA", 1): accepted(w.a, q1),
        ("AAA", 2): accepted(w.a, q2, late_days=3, returned=1),
        ("AAA", 3): accepted(w.a, q3),
        ("AAA", 4): accepted(w.a, q4),
        ("BBB", 2): accepted(w.b, q2, late_days=10),
        ("BBB", 3): accepted(w.b, q3, returned=2),
        ("BBB", 4): accepted(w.b, q4),
        ("CCC", 1): accepted(w.c, q1),
        ("CCC", 2): accepted(w.c, q2, status="submitted"),
        ("AAA", 2024, 1): accepted(w.a, w.p24[0]),
        ("AAA", 2024, 2): accepted(w.a, w.p24[1]),
    }
    r = w.reports
    progress(r[("AAA", 1)], w.act["1.1.1"], "in_progress", 100)
    progress(r[("AAA", 3)], w.act["1.1.1"], "implemented", 200)
    progress(r[("BBB", 2)], w.act["1.1.2"], "partial", 50)
    progress(r[("AAA", 4)], w.act["1.1.3"], "in_progress", 25)
    progress(r[("BBB", 4)], w.act["1.1.3"], "implemented", 10)
    progress(r[("CCC", 1)], w.act["1.2.2"], "in_progress", 40)
    progress(r[("CCC", 2)], w.act["1.2.2"], "implemented", 999)
    progress(r[("BBB", 3)], w.act["2.1.1"], "not_applicable")
    progress(r[("AAA", 2024, 2)], w.act["2.1.2"], "implemented", 70)
    progress(r[("AAA", 4)], w.act["2.1.3"], "partial", 0)

    sex = Dimension.objects.create(code="sex", name="Gjinia", name_en="Sex")
    age = Dimension.objects.create(code="age", name="Mosha", name_en="Age group")
    female = DimensionOption.objects.create(dimension=sex, code="F", name="Femër", name_en="Female", order=1)
    male = DimensionOption.objects.create(dimension=sex, code="M", name="Mashkull", name_en="Male", order=2)
    minor = DimensionOption.objects.create(dimension=age, code="minor", name="I mitur", name_en="Minor", order=1)
    adult = DimensionOption.objects.create(dimension=age, code="adult", name="I rritur", name_en="Adult", order=2)
    w.victims = Indicator.objects.create(code="V1", name="Viktima të identifikuara", name_en="Victims identified", order=1)
    IndicatorDimension.objects.create(indicator=w.victims, dimension=sex, position=1)
    IndicatorDimension.objects.create(indicator=w.victims, dimension=age, position=2)
    w.proceedings = Indicator.objects.create(code="P1", name="Procedime penale", name_en="Criminal proceedings", order=2)

    v = w.victims
    stat(r[("AAA", 1)], v, 5)
    stat(r[("AAA", 1)], v, 1, female, minor)
    stat(r[("AAA", 1)], v, 2, female, adult)
    stat(r[("AAA", 1)], v, 0, male, minor)
    stat(r[("AAA", 1)], v, 2, male, adult)
    stat(r[("AAA", 1)], w.proceedings, 3)
    stat(r[("BBB", 2)], v, 4)
    stat(r[("BBB", 2)], v, 3, female, adult)
    stat(r[("BBB", 2)], v, 1, male, adult)
    stat(r[("CCC", 2)], v, 100)
    stat(r[("AAA", 3)], w.proceedings, 2)
    stat(r[("AAA", 2024, 1)], v, 6)
    stat(r[("AAA", 2024, 1)], v, 2, female, minor)
    stat(r[("AAA", 2024, 1)], v, 2, female, adult)
    stat(r[("AAA", 2024, 1)], v, 2, male, adult)
    stat(r[("AAA", 2024, 1)], w.proceedings, 4)
    return w
