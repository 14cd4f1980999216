"""Quarters have one home (strategy.quarters): every place that labels, orders or dates a quarter agrees with it."""

import datetime

import pytest
from django.db.models import F
from django.utils import translation

from reports.committee import compile as committee_compile
from strategy.columns import deadline_cell
from strategy.demo import target_state
from strategy.models import Activity, ReportingPeriod
from strategy.quarters import (
    quarter_end,
    quarter_from_sequence,
    quarter_label,
    quarter_of,
    quarter_sequence,
    quarter_start,
    span_label,
)
from tests import factories


@pytest.mark.parametrize(("language", "label"), [("en", "Q1 2024"), ("sq", "T1 2024")])
def test_a_quarter_reads_the_same_everywhere_in_each_language(language, label):
    period = ReportingPeriod(year=2024, quarter=1)
    activity = Activity(deadline_year=2024, deadline_quarter=1)
    with translation.override(language):
        assert quarter_label(2024, 1) == label
        assert str(period) == label  # period lists, report headers, mails
        assert activity.deadline_display == label  # activity pages and the reporter's progress table
        assert deadline_cell(activity) == label  # the action plan's spreadsheet export
        assert committee_compile.span_label([period]) == label  # committee reports


def test_other_deadlines_read_as_before():
    assert Activity(deadline_date=datetime.date(2025, 3, 31)).deadline_display == "31.03.2025"
    assert Activity(deadline_year=2025).deadline_display == "2025"
    assert Activity().deadline_display == ""


def test_the_quarter_sequence_counts_quarters_across_years():
    assert quarter_sequence(2025, 4) + 1 == quarter_sequence(2026, 1)
    for sequence in range(quarter_sequence(2024, 1), quarter_sequence(2027, 4) + 1):
        assert quarter_sequence(*quarter_from_sequence(sequence)) == sequence


@pytest.mark.django_db
def test_periods_and_the_database_count_quarters_the_same_way():
    plan = factories.ActionPlanFactory(start_year=2024, end_year=2026)
    periods = [factories.ReportingPeriodFactory(plan=plan, year=year, quarter=quarter)
               for year in (2024, 2025) for quarter in (1, 2, 3, 4)]
    in_database = dict(ReportingPeriod.objects.annotate(seq=quarter_sequence(F("year"), F("quarter")))
                       .values_list("pk", "seq"))
    assert in_database == {p.pk: p.sequence for p in periods}
    assert [p.sequence for p in periods] == list(range(periods[0].sequence, periods[0].sequence + 8))
    assert all(p.sequence == quarter_sequence(p.year, p.quarter) for p in periods)


def test_the_days_of_a_quarter():
    for month in range(1, 13):
        day = datetime.date(2025, month, 17)
        year, quarter = quarter_of(day)
        assert quarter_start(year, quarter) <= day <= quarter_end(year, quarter)
    assert quarter_end(2024, 1) == datetime.date(2024, 3, 31) and quarter_start(2024, 4) == datetime.date(2024, 10, 1)
    period = ReportingPeriod(year=2024, quarter=2)
    assert (period.starts_on, period.ends_on) == (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))


def test_the_demo_opens_the_running_quarter():
    today = datetime.date(2026, 11, 29)
    assert target_state(ReportingPeriod(year=2026, quarter=4), today) == "open"
    assert target_state(ReportingPeriod(year=2026, quarter=3), today) == "closed"
    assert target_state(ReportingPeriod(year=2026, quarter=2), today) == "locked"
    assert target_state(ReportingPeriod(year=2027, quarter=1), today) == "planned"


def test_the_activity_status_rule_reads_quarters_the_same_way():
    from reports.selectors.activity_status import AsOf

    for month in range(1, 13):
        day = datetime.date(2026, month, 1)
        as_of = AsOf.on(day)
        assert (as_of.year, as_of.quarter) == quarter_of(day)
    before = AsOf.before(ReportingPeriod(year=2026, quarter=1))
    assert (before.year, before.quarter, before.day) == (2025, 4, datetime.date(2025, 12, 31))
    before = AsOf.before(ReportingPeriod(year=2026, quarter=3))
    assert (before.year, before.quarter) == (2026, 2)


@pytest.mark.parametrize(("start", "end", "albanian", "english"), [
    ((2025, 1), (2025, 4), "Viti 2025", "Year 2025"),
    ((2026, 1), (2026, 2), "Gjashtëmujori I 2026", "First half-year 2026"),
    ((2026, 3), (2026, 4), "Gjashtëmujori II 2026", "Second half-year 2026"),
    ((2026, 3), (2026, 3), "T3 2026", "Q3 2026"),
    ((2025, 3), (2026, 2), "T3 2025 – T2 2026", "Q3 2025 – Q2 2026"),
    ((2025, 2), (2025, 3), "T2 2025 – T3 2025", "Q2 2025 – Q3 2025"),
])
def test_a_span_is_named_as_a_reader_names_it(start, end, albanian, english):
    with translation.override("sq"):
        assert span_label(start, end) == albanian
    with translation.override("en"):
        assert span_label(start, end) == english
