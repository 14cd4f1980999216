"""The compiled figures against values computed by hand (see builders.py for the world)."""

import pytest
from django.core.exceptions import ValidationError

from reports.committee.compile import NoAcceptedData, compile_figures, rag_of
from tests.committee.builders import make_period


def objective(figures, code):
    for pillar in figures["implementation"]["pillars"]:
        for obj in pillar["objectives"]:
            if obj["code"] == code:
                return obj
    raise AssertionError(code)


def indicator(figures, code):
    return next(i for i in figures["statistics"] if i["code"] == code)


@pytest.fixture
def figures(committee_world):
    return compile_figures(periods=committee_world.p25, language="en")


def test_coverage_counts_accepted_data_only(figures):
    coverage = figures["coverage"]
    assert coverage["expected"] == 4
    assert coverage["included"] == 3
    assert [m["code"] for m in coverage["missing"]] == ["DDD"]
    assert [(p["label"], p["accepted"]) for p in coverage["per_period"]] == [
        ("Q1 2025", 2), ("Q2 2025", 2), ("Q3 2025", 2), ("Q4 2025", 2)]


def test_reporting_discipline_per_institution_and_period(figures):
    rows = {r["code"]: r["cells"] for r in figures["discipline"]["rows"]}
    assert list(rows) == ["AAA", "BBB", "CCC", "DDD"]
    states = {code: [(c["state"], c["days_late"], c["returned"]) for c in cells] for code, cells in rows.items()}
    assert states["AAA"] == [("on_time", 0, 0), ("late", 3, 1), ("on_time", 0, 0), ("on_time", 0, 0)]
    assert states["BBB"] == [("missing", 0, 0), ("late", 10, 0), ("on_time", 0, 2), ("on_time", 0, 0)]
    assert states["CCC"] == [("on_time", 0, 0), ("pending", 0, 0), ("missing", 0, 0), ("missing", 0, 0)]
    assert states["DDD"] == [("missing", 0, 0)] * 4
    assert figures["discipline"]["summary"] == {"on_time": 6, "late": 2, "returned": 2, "pending": 1, "draft": 0,
                                                "missing": 7, "not_yet_due": 0}


def test_implementation_counts_per_objective(figures):
    o11, o12, o21 = objective(figures, "1.1"), objective(figures, "1.2"), objective(figures, "2.1")
    assert {k: v for k, v in o11["counts"].items() if v} == {"implemented": 1, "delayed": 1, "in_progress": 1}
    assert {k: v for k, v in o12["counts"].items() if v} == {"not_started": 2, "in_progress": 1}
    # 2.1.2 was reported implemented (accepted) in 2024: done before the span, it stays implemented.
    assert {k: v for k, v in o21["counts"].items() if v} == {"not_applicable": 1, "implemented": 1, "partial": 1}
    assert (o11["rag"], o12["rag"], o21["rag"]) == ("red", "amber", "green")
    pillars = figures["implementation"]["pillars"]
    assert [(p["code"], p["title"], p["total"]) for p in pillars] == [("1", "Prevention", 6), ("2", "Protection", 3)]
    assert figures["implementation"]["totals"]["counts"]["delayed"] == 1
    assert figures["implementation"]["totals"]["total"] == 9


def test_money_planned_and_spent_from_accepted_progress_in_the_span(figures):
    assert (objective(figures, "1.1")["planned"], objective(figures, "1.1")["spent"]) == (1500, 385)
    assert (objective(figures, "1.2")["planned"], objective(figures, "1.2")["spent"]) == (2400, 40)
    assert (objective(figures, "2.1")["planned"], objective(figures, "2.1")["spent"]) == (1000, 0)
    totals = figures["implementation"]["totals"]
    assert (totals["planned"], totals["spent"]) == (4900, 425)


def test_delayed_activities_with_their_lead_institution(figures):
    assert figures["implementation"]["delayed"] == [{
        "code": "1.1.2", "description": "Aktiviteti 1.1.2: fushatë ndërgjegjësimi", "due_on": "31.03.2025",
        "lead_code": "BBB", "lead": "General Prosecutor's Office", "co_leads": [], "status": "partial",
    }]


def test_statistics_totals_breakdowns_and_change_against_the_year_before(figures):
    victims = indicator(figures, "V1")
    assert (victims["total"], victims["previous"], victims["change"], victims["change_percent"]) == (9, 6, 3, 50.0)
    sex, age = victims["breakdowns"]
    assert sex["dimension"] == "Sex"
    assert [(o["name"], o["value"], o["previous"]) for o in sex["options"]] == [("Female", 6, 4), ("Male", 3, 2)]
    assert [(o["name"], o["value"], o["previous"]) for o in age["options"]] == [("Minor", 1, 2), ("Adult", 8, 4)]
    proceedings = indicator(figures, "P1")
    assert (proceedings["total"], proceedings["previous"], proceedings["change_percent"]) == (5, 4, 25.0)
    assert proceedings["breakdowns"] == []
    assert figures["previous_span"]["label"] == "Year 2024"


def test_trend_per_quarter_over_both_spans(figures):
    trend = figures["trend"]
    assert trend["labels"][0] == "Q1 2024" and trend["labels"][-1] == "Q4 2025" and len(trend["labels"]) == 8
    series = {s["code"]: s["values"] for s in trend["series"]}
    assert series["V1"] == [6, None, None, None, 5, 4, None, None]
    assert series["P1"] == [4, None, None, None, 3, None, 2, None]


def test_labels_follow_the_reports_language(committee_world):
    figures = compile_figures(periods=committee_world.p25, language="sq")
    assert figures["implementation"]["pillars"][0]["title"] == "Parandalimi"
    assert indicator(figures, "V1")["name"] == "Viktima të identifikuara"


def test_a_single_quarter_compares_with_the_same_quarter_a_year_before(committee_world):
    figures = compile_figures(periods=[committee_world.p25[0]], language="en")
    victims = indicator(figures, "V1")
    assert (victims["total"], victims["previous"]) == (5, 6)
    assert figures["span"]["kind"] == "quarter"
    assert figures["trend"]["labels"] == ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024", "Q1 2025"]


@pytest.mark.parametrize("case", ["empty", "gap", "two_plans"])
def test_bad_spans_are_refused(committee_world, case):
    from strategy.models import ActionPlan

    w = committee_world
    if case == "empty":
        periods, message = [], "at least one"
    elif case == "gap":
        periods, message = [w.p25[0], w.p25[2]], "without a gap"
    else:
        other = ActionPlan.objects.create(strategy=w.plan.strategy, title="PKV tjetër", start_year=2027, end_year=2028)
        periods, message = [w.p25[3], make_period(other, 2026, 1)], "same action plan"
    with pytest.raises(ValidationError) as error:
        compile_figures(periods=periods, language="en")
    assert message in " ".join(error.value.messages)


def test_a_span_without_accepted_data_is_refused(committee_world):
    periods = [make_period(committee_world.plan, 2026, 1)]
    with pytest.raises(NoAcceptedData):
        compile_figures(periods=periods, language="en")


def test_rag_rule_boundaries():
    assert rag_of({"delayed": 1, "implemented": 2}) == "red"
    assert rag_of({"delayed": 1, "implemented": 3}) == "amber"
    assert rag_of({"not_started": 2, "implemented": 2}) == "green"
    assert rag_of({"not_started": 3, "implemented": 2}) == "amber"
    assert rag_of({"not_applicable": 2}) == "none"


@pytest.mark.parametrize("language", ["sq", "en"])
def test_names_are_in_the_reports_language_as_on_the_pages(committee_world, language):
    """A committee report names pillars, institutions, indicators and options as the pages do in its language."""
    from django.utils import translation

    from institutions.models import Institution
    from strategy.models import DimensionOption, Indicator, Pillar

    w = committee_world
    figures = compile_figures(periods=w.p25, language=language)
    with translation.override(language):
        pillars = {p.code: p.label for p in Pillar.objects.all()}
        institutions = {i.code: i.label for i in Institution.objects.all()}
        indicators = {i.code: i.label for i in Indicator.objects.all()}
        options = {o.label for o in DimensionOption.objects.all()}
    assert {p["code"]: p["title"] for p in figures["implementation"]["pillars"]} == pillars
    assert all(row["name"] == institutions[row["code"]] for row in figures["discipline"]["rows"])
    assert {i["code"]: i["name"] for i in figures["statistics"]} == indicators
    shown_options = {o["name"] for i in figures["statistics"] for b in i.get("breakdowns", []) for o in b["options"]}
    assert shown_options and shown_options <= options
    assert ("Prevention" in pillars.values()) == (language == "en")


def test_a_delayed_activity_names_all_its_lead_institutions(committee_world):
    """An activity led by several institutions: the committee report names the coordinating lead and the others,
    in its figures, on its page and PDF (the same body) and in its spreadsheet."""
    from django.template.loader import render_to_string

    from reports.committee.exports import _sheets

    committee_world.act["1.1.2"].co_leads.add(committee_world.d, committee_world.a)
    figures = compile_figures(periods=committee_world.p25, language="en")
    [delayed] = figures["implementation"]["delayed"]
    assert (delayed["lead_code"], [c["code"] for c in delayed["co_leads"]]) == ("BBB", ["AAA", "DDD"])
    body = render_to_string("reports/committee/_body.html", {"figures": figures, "delayed": [delayed], "charts": {}})
    assert "BBB – General Prosecutor&#x27;s Office; AAA – State Police; DDD – State Social Service" in body
    [sheet] = [rows for title, _header, rows in _sheets(figures) if str(title) == "Delayed activities"]
    assert sheet[0][2] == "BBB – General Prosecutor's Office; AAA – State Police; DDD – State Social Service"
