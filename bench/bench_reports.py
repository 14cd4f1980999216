"""Benchmark of quarterly reports: opening and saving an 800-cell report, and the status board (60 × 12).

Prints each figure beside the minimal view of the same run (bench/common.py), with the SQL query count.
Run: `python bench/bench_reports.py` (fresh SQLite) or with BENCH_DATABASE_URL=postgres://… .
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import baseline_seconds, count_queries, report, setup_django, timeit  # noqa: E402


def main():
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from institutions.choices import Role
    from institutions.models import Institution, User
    from reports.models import QuarterlyReport
    from strategy.models import ReportingPeriod
    from tests.reports.builders import make_big_report, make_period, make_plan

    coordinator = User.objects.create_user("bench-coordinator", password="x", role=Role.COORDINATOR)
    institution = Institution.objects.create(code="BENCH", name="Institucioni", kind="ngo", coordinator=coordinator)
    reporter = User.objects.create_user("bench-reporter", password="x", role=Role.REPORTER, institution=institution)
    plan = make_plan()
    big, data = make_big_report(institution, reporter, activities=60, indicators=40, plan=plan,
                                period=make_period(plan, 2026, 2))
    client = Client()
    client.force_login(reporter)
    base = baseline_seconds(client)
    print(f"{'baseline (GET /healthz/)':<40} {base * 1000:9.1f} ms")

    edit = reverse("reports:report_edit", args=[big.pk])
    report("report edit page (60 act., 840 cells)", timeit(lambda: client.get(edit)), base,
           count_queries(lambda: client.get(edit)))
    report("report page (read-only)", timeit(lambda: client.get(big.get_absolute_url())), base,
           count_queries(lambda: client.get(big.get_absolute_url())))

    state = {"n": 0}

    def save():
        big.refresh_from_db()
        state["n"] += 1
        posted = {**data, "version": str(big.version)}
        for name in posted:  # every save changes every cell, so all 840 are written
            if name.startswith("v-") and not name.endswith("-"):
                posted[name] = str(state["n"] % 2 + 1)
            elif name.startswith("v-"):
                posted[name] = str(20 * (state["n"] % 2 + 1))
        response = client.post(edit, posted)
        assert response.status_code == 302, response.status_code

    report("report save (840 cells changed)", timeit(save), base, count_queries(save))

    for i in range(59):
        Institution.objects.create(code=f"B{i:02d}", name=f"Institucioni {i}", kind="ngo", coordinator=coordinator)
    for i in range(11):
        make_period(plan, 2023 + i // 4, i % 4 + 1)
    periods = list(ReportingPeriod.objects.all())
    QuarterlyReport.objects.bulk_create([
        QuarterlyReport(institution=inst, period=p, status=("draft", "submitted", "accepted")[(a + b) % 3])
        for a, inst in enumerate(Institution.objects.exclude(pk=institution.pk)) for b, p in enumerate(periods)
        if (a + b) % 7
    ])
    unit = Client()
    unit.force_login(coordinator)
    board = reverse("reports:board")
    report("status board (60 inst. × 12 periods)", timeit(lambda: unit.get(board)), base,
           count_queries(lambda: unit.get(board)))


if __name__ == "__main__":
    main()
