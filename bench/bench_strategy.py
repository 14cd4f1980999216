"""Benchmark of the action plan: overview, activity list and page with 2,000 activities over 200
institutions, and an import of 2,000 rows. Prints times as ratios to the baseline view."""

import csv
import io
import time

from common import baseline_seconds, count_queries, report, setup_django, timeit

ACTIVITIES = 2000
INSTITUTIONS = 200
OBJECTIVES = 40


def build():
    from django.db import transaction

    from institutions.choices import Role
    from institutions.models import Institution, User
    from strategy.models import ActionPlan, Activity, Objective, Pillar, Strategy, natural_sort_key

    with transaction.atomic():
        institutions = Institution.objects.bulk_create(
            [Institution(code=f"B{n:03d}", name=f"Institucioni {n}", name_en=f"Institution {n}", kind="ngo")
             for n in range(INSTITUTIONS)]
        )
        strategy = Strategy.objects.create(title="Strategjia", start_year=2024, end_year=2030)
        plan = ActionPlan.objects.create(strategy=strategy, title="PKV", start_year=2024, end_year=2026)
        pillars = [Pillar.objects.create(plan=plan, code=str(p), title=f"Shtylla {p}", order=p) for p in range(1, 5)]
        objectives = []
        for n in range(OBJECTIVES):
            pillar = pillars[n % 4]
            code = f"{pillar.code}.{n // 4 + 1}"
            objectives.append(Objective(plan=plan, pillar=pillar, code=code, title=f"Objektivi {code}",
                                        sort_key=natural_sort_key(code)))
        objectives = Objective.objects.bulk_create(objectives)
        activities = []
        for n in range(ACTIVITIES):
            objective = objectives[n % OBJECTIVES]
            code = f"{objective.code}.{n // OBJECTIVES + 1}"
            activity = Activity(plan=plan, objective=objective, code=code, description=f"Aktiviteti {code}",
                                lead_institution=institutions[n % INSTITUTIONS], deadline_year=2024 + n % 3,
                                deadline_quarter=n % 4 + 1, estimated_cost=1000 * n, funding_source="donor")
            activity.sort_key = natural_sort_key(code)
            activity.due_on = activity.compute_due_on()
            activities.append(activity)
        activities = Activity.objects.bulk_create(activities)
        through = Activity.partners.through
        through.objects.bulk_create([
            through(activity_id=a.pk, institution_id=institutions[(i * 7 + k) % INSTITUTIONS].pk)
            for i, a in enumerate(activities) for k in (1, 2)
        ])
        director = User.objects.create_user("bench-director", password="x", role=Role.DIRECTOR)
    return plan, activities[ACTIVITIES // 2], director


def import_rows():
    """2,000 rows in the import's columns, over the benchmark's institutions."""
    from strategy.columns import COLUMN_KEYS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_KEYS)
    for n in range(ACTIVITIES):
        pillar = n % 4 + 1
        objective = f"{pillar}.{n % 10 + 1}"
        writer.writerow([pillar, f"Shtylla {pillar}", f"Pillar {pillar}", objective, f"Objektivi {objective}",
                         f"{objective}.{n + 1}", f"Aktiviteti i importuar {n}", f"B{n % INSTITUTIONS:03d}",
                         f"B{(n + 1) % INSTITUTIONS:03d}; B{(n + 2) % INSTITUTIONS:03d}", f"T{n % 4 + 1} 2025",
                         "Numri i trajnimeve", "10", 1000 + n, "state_budget"])
    return buffer.getvalue().encode("utf-8")


class Upload(io.BytesIO):
    def __init__(self, data, name):
        super().__init__(data)
        self.name, self.size = name, len(data)


def main():
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from strategy import imports
    from strategy.models import ActionPlan

    plan, activity, director = build()
    client = Client()
    client.force_login(director)
    base = baseline_seconds(client)
    print(f"Strategy benchmark: {ACTIVITIES} activities, {INSTITUTIONS} institutions")
    report("baseline GET /healthz/", base, base)
    pages = [
        ("plan overview", reverse("strategy:plan_overview", args=[plan.pk])),
        ("activity list (page 1, by code)", reverse("strategy:activity_list") + f"?plan={plan.pk}"),
        ("activity list (late, by cost)", reverse("strategy:activity_list") + f"?plan={plan.pk}&status=late&sort=-cost"),
        ("activity page", reverse("strategy:activity_detail", args=[activity.pk])),
        ("export XLSX (2,000 rows)", reverse("strategy:activity_export", args=["xlsx"]) + f"?plan={plan.pk}"),
    ]
    for name, url in pages:
        assert client.get(url).status_code == 200, url
        report(name, timeit(lambda url=url: client.get(url)), base, count_queries(lambda url=url: client.get(url)))

    target = ActionPlan.objects.create(strategy=plan.strategy, title="PKV i importuar", start_year=2024, end_year=2026)
    data = import_rows()
    start = time.perf_counter()
    header, rows = imports.read_upload(Upload(data, "plan.csv"))
    preview = imports.build_preview(target, header, rows)
    assert preview.ok, preview.problems[:3]
    imports.import_apply(plan=target, header=header, rows=rows, by=director)
    created = time.perf_counter() - start
    report("import 2,000 new rows (read+preview+apply)", created, base)
    start = time.perf_counter()
    again = imports.build_preview(target, header, rows)
    report("re-import preview (2,000 unchanged)", time.perf_counter() - start, base)
    assert not again.has_changes
    print(f"import of 2,000 rows: {created:.2f} s")


if __name__ == "__main__":
    main()
