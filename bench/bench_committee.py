"""Committee report: compile a yearly report over 60 institutions, 300 activities, 40 indicators and 12 quarters.

Prints the compile time beside one hand-written SQL aggregate over the same rows (the ratio is the
figure), the number of queries compiling runs, the report's page (a draft: compiled on each view, its
charts drawn once and then cached; a finalised one: served from what was frozen) beside the minimal
view, and the PDF time per page.
Run: `python bench/bench_committee.py` (BENCH_DATABASE_URL=postgres://… for PostgreSQL).
"""

import datetime
import io
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import baseline_seconds, count_queries, setup_django, timeit  # noqa: E402
from bench.common import report as print_ratio  # noqa: E402

INSTITUTIONS, ACTIVITIES, INDICATORS, QUARTERS = 60, 300, 40, 12


def build():
    from institutions.choices import InstitutionKind, Role
    from institutions.models import Institution, User
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

    rng = random.Random(2026)
    director = User.objects.create(username="director", role=Role.DIRECTOR, first_name="Drita", last_name="Marku")
    kinds = [InstitutionKind.MINISTRY, InstitutionKind.POLICE, InstitutionKind.REGIONAL_COMMITTEE, InstitutionKind.NGO]
    institutions = Institution.objects.bulk_create([
        Institution(code=f"I{i:02d}", name=f"Institucioni i Korçës {i} – Shërbimi Social", name_en=f"Institution {i}",
                    kind=kinds[i % 4]) for i in range(INSTITUTIONS)
    ])
    strategy = Strategy.objects.create(title="Strategjia", start_year=2023, end_year=2026)
    plan = ActionPlan.objects.create(strategy=strategy, title="PKV 2023–2026", start_year=2023, end_year=2026)
    periods = []
    for n in range(QUARTERS):
        year, quarter = 2023 + n // 4, n % 4 + 1
        month = quarter * 3
        due = datetime.date(year + (month == 12), month % 12 + 1, 15)
        periods.append(ReportingPeriod.objects.create(plan=plan, year=year, quarter=quarter,
                                                      opens_on=datetime.date(year, month, 1), due_on=due, status="closed"))
    pillars = [Pillar.objects.create(plan=plan, code=str(p), title=t, title_en=e, order=p) for p, t, e in [
        (1, "Parandalimi", "Prevention"), (2, "Mbrojtja", "Protection"), (3, "Ndjekja penale", "Prosecution"),
        (4, "Partneriteti", "Partnership")]]
    objectives = [Objective.objects.create(pillar=pillars[o // 5], code=f"{o // 5 + 1}.{o % 5 + 1}",
                                           title=f"Objektivi specifik {o} për mbrojtjen e viktimave") for o in range(20)]
    activities = []
    for a in range(ACTIVITIES):
        objective = objectives[a % 20]
        activity = Activity(objective=objective, plan=plan, code=f"{objective.code}.{a // 20 + 1}",
                            sort_key=f"{a:06d}", description=f"Aktiviteti {a}: trajnim dhe ndërgjegjësim në qarqe",
                            lead_institution=institutions[a % INSTITUTIONS],
                            due_on=datetime.date(2023 + a % 4, 12, 31), estimated_cost=Decimal(1000 * (a % 50)))
        activities.append(activity)
    activities = Activity.objects.bulk_create(activities)
    sex = Dimension.objects.create(code="sex", name="Gjinia", name_en="Sex")
    age = Dimension.objects.create(code="age", name="Mosha", name_en="Age")
    sexes = [DimensionOption.objects.create(dimension=sex, code=c, name=n, order=i)
             for i, (c, n) in enumerate([("F", "Femër"), ("M", "Mashkull")])]
    ages = [DimensionOption.objects.create(dimension=age, code=c, name=n, order=i)
            for i, (c, n) in enumerate([("minor", "I mitur"), ("adult", "I rritur")])]
    indicators = []
    for i in range(INDICATORS):
        # Some stocks, some taken from one authoritative institution (the others then are cross-checks).
        semantics = {"time_aggregation": "stock" if i % 5 == 4 else "flow"}
        if i % 3 == 0:
            semantics |= {"institution_aggregation": "authoritative", "authoritative_institution": institutions[i]}
        indicator = Indicator.objects.create(code=f"T{i:02d}", name=f"Treguesi {i}: viktima të identifikuara",
                                             order=i, **semantics)
        if i % 2 == 0:
            IndicatorDimension.objects.create(indicator=indicator, dimension=sex, position=1)
            IndicatorDimension.objects.create(indicator=indicator, dimension=age, position=2)
        indicators.append(indicator)
    from strategy.models import RuleTerm, ValidationRule

    for i in range(0, INDICATORS - 1, 4):  # consistency rules, checked on the national figures
        rule = ValidationRule.objects.create(indicator=indicators[i], kind="relation", comparator="ge",
                                             option=sexes[0] if i % 2 == 0 else None)
        RuleTerm.objects.create(rule=rule, indicator=indicators[i + 1])
    statuses = ["implemented", "partial", "in_progress", "not_started"]
    for period in periods:
        reports = QuarterlyReport.objects.bulk_create([
            QuarterlyReport(institution=inst, period=period, status="accepted", times_returned=rng.randint(0, 1),
                            first_submitted_at=datetime.datetime.combine(
                                period.due_on + datetime.timedelta(days=rng.randint(-5, 6)), datetime.time(10),
                                tzinfo=datetime.UTC), accepted_by=director)
            for inst in institutions
        ])
        progress, values = [], []
        for index, report in enumerate(reports):
            for activity in activities[index::INSTITUTIONS]:
                progress.append(ActivityProgress(report=report, activity=activity, status=rng.choice(statuses),
                                                 spent=Decimal(rng.randint(0, 500))))
            for indicator in indicators:
                values.append(StatValue(report=report, indicator=indicator, cell_key="", value=rng.randint(0, 20)))
                if indicator.code[-1] in "02468":
                    for s in sexes:
                        for a in ages:
                            values.append(StatValue(report=report, indicator=indicator, option_1=s, option_2=a,
                                                    cell_key=f"{s.pk}-{a.pk}", value=rng.randint(0, 5)))
        ActivityProgress.objects.bulk_create(progress)
        StatValue.objects.bulk_create(values, batch_size=2000)
    return director, periods


def main():
    setup_django()
    from django.db import connection
    from pypdf import PdfReader

    from reports.committee.compile import compile_figures
    from reports.committee.pdf import render_pdf
    from reports.committee.services import committee_report_create
    from reports.models import StatValue

    start = time.perf_counter()
    director, periods = build()
    print(f"data built in {time.perf_counter() - start:.1f} s: {INSTITUTIONS} institutions, {ACTIVITIES} activities, "
          f"{INDICATORS} indicators, {QUARTERS} quarters, {StatValue.objects.count()} statistic cells "
          f"({connection.vendor})")
    year = periods[-4:]

    compile_seconds = timeit(lambda: compile_figures(periods=year, language="sq"), repeat=5)
    queries = count_queries(lambda: compile_figures(periods=year, language="sq"))
    ids = [p.pk for p in year + periods[-8:-4]]
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        "SELECT v.indicator_id, r.period_id, SUM(v.value) FROM reports_statvalue v "  # noqa: S608 (placeholders only)
        "JOIN reports_quarterlyreport r ON r.id = v.report_id "
        "WHERE r.status = 'accepted' AND r.period_id IN (" + placeholders + ") GROUP BY v.indicator_id, r.period_id"
    )

    def hand_written():
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            cursor.fetchall()

    sql_seconds = timeit(hand_written, repeat=5)
    print(f"{'compile a yearly report':<40} {compile_seconds * 1000:9.1f} ms   queries={queries}")
    print(f"{'one hand-written SQL aggregate':<40} {sql_seconds * 1000:9.1f} ms")
    print(f"{'ratio compile / SQL aggregate':<40} {compile_seconds / sql_seconds:9.1f}x")

    from django.test import Client

    from reports.committee.services import committee_report_finalise

    draft = committee_report_create(by=director, title="Raporti vjetor për Komitetin Shtetëror", language="sq",
                                    periods=year)
    client = Client()
    client.force_login(director)
    base = baseline_seconds(client)
    print(f"{'minimal view (GET /healthz/)':<40} {base * 1000:9.1f} ms")
    start = time.perf_counter()
    assert client.get(draft.get_absolute_url()).status_code == 200
    print(f"{'draft report page, first view':<40} {(time.perf_counter() - start) * 1000:9.1f} ms   (draws the charts)")
    page = timeit(lambda: client.get(draft.get_absolute_url()), repeat=5)
    print_ratio("draft report page, warm", page, base, count_queries(lambda: client.get(draft.get_absolute_url())))
    final = committee_report_create(by=director, title="Raporti vjetor (finalizuar)", language="sq", periods=year)
    committee_report_finalise(report=final, by=director, coverage_reason="Bench")
    page = timeit(lambda: client.get(final.get_absolute_url()), repeat=5)
    print_ratio("finalised report page", page, base, count_queries(lambda: client.get(final.get_absolute_url())))

    figures = compile_figures(periods=year, language="sq")
    start = time.perf_counter()
    pdf = render_pdf(draft, figures)
    pdf_seconds = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{'PDF':<40} {pdf_seconds * 1000:9.1f} ms   pages={pages}   per page {pdf_seconds / pages * 1000:.1f} ms")
    out = Path(tempfile.gettempdir()) / "bench-committee.pdf"
    out.write_bytes(pdf)
    print(f"PDF written to {out}")


if __name__ == "__main__":
    main()
