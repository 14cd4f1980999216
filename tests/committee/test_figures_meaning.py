"""What the committee report says about its figures: coverage per quarter, like-for-like comparisons, the
data-quality section, the reason for finalising with low coverage, and charts drawn once (see conftest.py)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.committee import services
from reports.committee.compile import compile_figures
from reports.models import CommitteeReport, QuarterlyReport
from reports.models.committee import CommitteeReportError
from strategy.models import RuleTerm, ValidationRule
from tests.committee.builders import REASON, stat


def relation(indicator, comparator, terms, option=None, severity="error"):
    rule = ValidationRule.objects.create(indicator=indicator, kind="relation", comparator=comparator, option=option,
                                         severity=severity)
    for order, (other, other_option) in enumerate(terms, start=1):
        RuleTerm.objects.create(rule=rule, indicator=other, option=other_option, order=order)
    return rule


def _still_open(period):
    """On 10.01.2026 the quarter due on 15.01.2026 is still open (a closed quarter is due, whatever its date)."""
    period.status = "open"
    period.save()


def test_coverage_per_quarter_with_drafts_and_a_quarter_not_yet_due(committee_world, monkeypatch):
    """On 10.01.2026 Q4 2025 (due 15.01.2026) is not due: nothing is missing in it yet, and a draft is a draft.
    DDD's draft of Q3 (due 15.10.2025) was never submitted: it is missing."""
    w = committee_world
    QuarterlyReport.objects.create(institution=w.d, period=w.p25[2], status="draft")
    QuarterlyReport.objects.create(institution=w.d, period=w.p25[3], status="draft")
    _still_open(w.p25[3])
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 1, 10))
    coverage = compile_figures(periods=w.p25, language="en")["coverage"]
    rows = [(p["label"], p["is_due"], p["expected"], p["accepted"], p["pending"], p["draft"], p["missing"],
             p["not_yet_due"]) for p in coverage["per_period"]]
    assert rows == [
        ("Q1 2025", True, 4, 2, 0, 0, 2, 0),
        ("Q2 2025", True, 4, 2, 1, 0, 1, 0),
        ("Q3 2025", True, 4, 2, 0, 0, 2, 0),
        ("Q4 2025", False, 4, 2, 0, 1, 0, 1),
    ]
    assert coverage["lowest_share"] == 50.0 and not coverage["complete"]
    figures = compile_figures(periods=w.p25, language="en")
    ddd = next(r for r in figures["discipline"]["rows"] if r["code"] == "DDD")
    assert [(c["state"], c["started"]) for c in ddd["cells"]] == [
        ("missing", False), ("missing", False), ("missing", True), ("draft", True)]


def test_the_page_states_coverage_per_quarter_and_a_quarter_not_yet_due(client, committee_world, monkeypatch):
    w = committee_world
    _still_open(w.p25[3])
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 1, 10))
    report = services.committee_report_create(by=w.director, title="Viti 2025", language="en", periods=w.p25)
    client.force_login(w.director)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Q2 2025 (due on 15.07.2025): 2 of 4 reports accepted (50.0%)." in page
    assert "Q4 2025 is not due until 15.01.2026: 2 of 4 reports accepted so far." in page
    assert "fewer than 90% of the reports were accepted (lowest: 50.0%)" in page


def test_a_comparison_that_is_not_like_for_like_carries_a_warning(client, committee_world):
    """V1: AAA's Q1 and BBB's Q2 in 2025 against AAA's Q1 in 2024. Like for like (AAA's Q1): 5 against 6."""
    w = committee_world
    figures = compile_figures(periods=w.p25, language="en")
    victims = next(i for i in figures["statistics"] if i["code"] == "V1")
    assert (victims["like_for_like"], victims["reports"], victims["previous_reports"]) == (False, 2, 1)
    assert victims["common"] == {"current": 5, "previous": 6, "change": -1, "change_percent": -16.7}
    assert not figures["previous_span"]["like_for_like"]
    report = services.committee_report_create(by=w.director, title="Viti 2025", language="en", periods=w.p25)
    client.force_login(w.director)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Some comparisons are not like for like" in page
    assert ("V1: not like for like – the reports counted differ (this span: 2, the previous one: 1). On the "
            "institutions and quarters present in both spans: 5 against 6 (-1; -16.7%).") in page


def test_relation_rules_on_the_national_figures_are_listed_in_the_data_quality_section(client, committee_world):
    """V1 = 9 and its minors 1 (AAA's Q1); P1 = 5. V1 [Minor] ≥ P1 fails, V1 ≥ P1 holds, a rule on an indicator
    without accepted data cannot be checked."""
    from strategy.models import Indicator

    w = committee_world
    minor = w.victims.indicator_dimensions.get(position=2).dimension.options.get(code="minor")
    relation(w.victims, "ge", [(w.proceedings, None)], option=minor)
    relation(w.victims, "ge", [(w.proceedings, None)])
    relation(w.victims, "le", [(Indicator.objects.create(code="Z9", name="Pa të dhëna"), None)], severity="warning")
    quality = compile_figures(periods=w.p25, language="en")["data_quality"]
    rows = [(r["relation"], r["status"], [(s["label"], s["value"]) for s in r["sides"]]) for r in quality["rules"]]
    assert rows == [
        ("V1 [Minor] ≥ P1", "fail", [("V1 [Minor]", 1), ("P1", 5)]),
        ("V1 ≥ P1", "pass", [("V1", 9), ("P1", 5)]),
        ("V1 ≤ Z9", "skipped", [("V1", 9), ("Z9", None)]),
    ]
    assert quality["summary"] == {"pass": 1, "fail": 1, "warning": 0, "skipped": 1}
    report = services.committee_report_create(by=w.director, title="Viti 2025", language="en", periods=w.p25)
    client.force_login(w.director)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "6. Data quality" in page and "1 hold, 1 fail, 0 give a warning and 1 could not be checked" in page
    assert "V1 [Minor] ≥ P1</td>" in page and "Fails" in page
    assert "Not checked: no accepted figure for Z9 in the span." in page


def test_finalising_below_the_coverage_threshold_needs_a_reason_which_the_report_prints(client, committee_world):
    w = committee_world
    report = services.committee_report_create(by=w.director, title="Viti 2025", language="en", periods=w.p25)
    with pytest.raises(CommitteeReportError) as error:
        services.committee_report_finalise(report=report, by=w.director)
    assert error.value.field == "coverage_reason" and "say why the report is finalised now" in str(error.value)
    assert CommitteeReport.objects.get(pk=report.pk).status == "draft"

    client.force_login(w.director)
    url = reverse("reports:committee_finalise", args=[report.pk])
    asked = client.get(url).content.decode()
    assert "fewer than 90% of the reports due were accepted (lowest: 50.0%)" in asked and "coverage_reason" in asked
    refused = client.post(url, {"coverage_reason": "  "})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert CommitteeReport.objects.get(pk=report.pk).status == "draft"

    assert client.post(url, {"coverage_reason": REASON}).status_code == 302
    report.refresh_from_db()
    assert report.status == "final" and report.coverage_reason == REASON
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(report.frozen_pdf))).pages).split())
    assert REASON in text and "Finalised although fewer than 90% of the reports of a quarter were accepted" in text


def test_finalising_above_the_threshold_asks_no_reason(committee_world, settings):
    settings.COMMITTEE_COVERAGE_THRESHOLD = 50
    w = committee_world
    report = services.committee_report_create(by=w.director, title="Viti 2025", language="en", periods=w.p25)
    report = services.committee_report_finalise(report=report, by=w.director, coverage_reason="E panevojshme")
    assert report.status == "final" and report.coverage_reason == ""


def test_each_chart_is_drawn_once_per_version_of_its_figures_and_a_final_report_uses_its_frozen_charts(
        committee_world, monkeypatch):
    from collections import Counter

    from django.core.cache import cache

    from reports.committee import charts
    from reports.committee.document import document_context
    from reports.models import ActivityProgress

    w = committee_world
    cache.clear()
    drawn = Counter()
    for name in ("implementation_chart", "trend_chart", "breakdown_chart"):
        original = getattr(charts, name)
        monkeypatch.setattr(charts, name, lambda *args, _name=name, _original=original: drawn.update([_name])
                            or _original(*args))
    report = services.committee_report_create(by=w.director, title="Viti 2025", language="en", periods=w.p25)
    for _ in range(2):
        context = document_context(report, services.committee_report_figures(report))
    assert drawn["implementation_chart"] == drawn["trend_chart"] == 1 and drawn["breakdown_chart"] >= 1
    assert context["charts"]["trend"]["src"].startswith("data:image/svg+xml;base64,")
    first = drawn.copy()
    stat(w.reports[("AAA", 3)], w.victims, 7)  # new accepted statistics: the trend is drawn again, not the plan's
    document_context(report, services.committee_report_figures(report))
    assert drawn["trend_chart"] == 2 and drawn["implementation_chart"] == 1
    ActivityProgress.objects.filter(report=w.reports[("BBB", 2)], activity=w.act["1.1.2"]).update(status="implemented")
    document_context(report, services.committee_report_figures(report))  # a status changed: the plan's chart only
    assert drawn["implementation_chart"] == 2 and drawn["trend_chart"] == 2
    assert drawn["breakdown_chart"] >= first["breakdown_chart"]
    report = services.committee_report_finalise(report=report, by=w.director, coverage_reason=REASON)
    assert {c["key"] for c in report.frozen_charts} >= {"implementation", "trend"}
    cache.clear()
    drawn.clear()
    context = document_context(report, report.frozen_figures)
    assert not drawn and context["charts"]["trend"]["svg"] == next(
        c["svg"] for c in report.frozen_charts if c["key"] == "trend")


def test_the_trend_chart_marks_incomplete_quarters(committee_world):
    from django.utils.translation import override

    from reports.committee.charts import trend_chart

    figures = compile_figures(periods=committee_world.p25, language="en")
    labels = dict(zip(figures["trend"]["labels"], figures["trend"]["incomplete"], strict=True))
    # V1 is reported by AAA and BBB (it names no reporters: those who reported it count): BBB's Q1 is missing.
    assert labels["Q1 2025"] and not labels["Q2 2025"]
    with override("en"):
        svg = trend_chart(figures)
    assert "Q1 2025 *" in svg and "Q2 2025 *" not in svg and "incomplete quarter" in svg


def test_missing_means_the_same_in_the_committee_report_and_on_the_status_board(committee_world, monkeypatch):
    """One rule (reports.selectors.follow_up.is_due): a quarter the director has closed before its due date is due,
    so an institution without a report is missing there on the board and in the committee report alike."""
    from institutions.models import Institution
    from reports.selectors.follow_up import NOT_SUBMITTED, board

    w = committee_world
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 1, 10))
    w.p25[3].status = "closed"  # Q4 2025, due 15.01.2026, closed early
    w.p25[3].save()
    coverage = compile_figures(periods=w.p25, language="en")["coverage"]["per_period"][3]
    cells = [row["cells"][0] for row in board(institutions=Institution.objects.reporting(), periods=[w.p25[3]],
                                             today=datetime.date(2026, 1, 10))]
    on_board = sum(cell["state"] == NOT_SUBMITTED for cell in cells)
    assert coverage["is_due"] and coverage["not_yet_due"] == 0
    assert coverage["missing"] == on_board > 0
