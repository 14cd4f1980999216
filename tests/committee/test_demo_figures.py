"""The demo's figures keep real orders of magnitude and relations, and its 2025 report adds no person twice.

Seeds the demo once (one test, many checks) to stay fast.
"""

import pytest
from django.core.management import call_command

from reports.committee.compile import compile_figures
from reports.figures import national_figures
from reports.models import CommitteeReport
from strategy.models import Indicator, ReportingPeriod, ValidationRule


@pytest.mark.django_db
def test_demo_figures_are_believable_and_the_2025_report_adds_no_one_twice():
    call_command("seed_demo", "--password", "Demo-Pass-2026", verbosity=0)
    periods = list(ReportingPeriod.objects.filter(year=2025).order_by("quarter"))
    by_code = {i.code: i for i in Indicator.objects.all()}
    figures = {f.code: f for f in national_figures(None, periods).values()}

    identified = figures["VT-01"].total + figures["VT-02"].total
    assert 90 <= identified <= 300  # victims and potential victims a year, from the Responsible Authority's register
    for code in ("VT-01", "VT-02", "VT-06"):
        vt = figures[code]
        assert vt.authority.code == "AP" and [c.code for c in vt.cross_checks] == ["PSH"]
        assert vt.total == vt.authority.value  # the police's figure is beside it, not added in
    minor = by_code["VT-01"].indicator_dimensions.get(dimension__code="age_group").dimension.options.get(code="MINOR")
    assert figures["VT-01"].option_value(minor.pk) >= figures["VT-06"].total
    suspects, defendants = figures["CJ-04"].total, figures["CJ-05"].total
    convicted = figures["CJ-06"].total + figures["CJ-07"].total
    assert suspects >= defendants >= convicted and 10 <= figures["CJ-01"].total <= 100 and 1 <= convicted <= 40
    assert figures["CJ-01"].total == figures["CJ-02"].total + figures["CJ-03"].total
    assert figures["PR-02"].total >= figures["PR-01"].total
    for code in ("AS-01", "AS-02"):  # stocks: the end of the year, below the year's victims
        stock = figures[code]
        assert stock.time_aggregation == "stock" and stock.stock_quarter.quarter == 4
        assert 0 < stock.total < identified
    assert by_code["VT-01"].indicator_dimensions.get(dimension__code="exploitation").options_overlap

    report = CommitteeReport.objects.get(title__startswith="Raporti vjetor 2025")
    assert report.status == "final" and report.frozen_charts
    frozen = report.frozen_figures
    assert [p["label"] for p in frozen["coverage"]["per_period"]] == ["T1 2025", "T2 2025", "T3 2025", "T4 2025"]
    assert all(p["is_due"] and p["expected"] == p["accepted"] + p["pending"] + p["draft"] + p["missing"]
               for p in frozen["coverage"]["per_period"])
    assert (report.coverage_reason != "") == (frozen["coverage"]["lowest_share"] < 90)
    rules = ValidationRule.objects.filter(is_active=True, kind__in=["relation", "less_or_equal", "breakdown_sum"])
    quality = frozen["data_quality"]
    assert len(quality["rules"]) == rules.count() >= 9
    assert quality["summary"]["fail"] == 0, [r for r in quality["rules"] if r["status"] == "fail"]
    vt01 = next(i for i in frozen["statistics"] if i["code"] == "VT-01")
    assert vt01["source"]["code"] == "AP" and vt01["total"] == figures["VT-01"].total
    assert compile_figures(periods=periods, language="sq")["statistics"] == frozen["statistics"]
