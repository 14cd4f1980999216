"""National figures (reports/figures.py) against values computed by hand.

World: the Responsible Authority AP (authoritative for VT and RATE), the police PSH (reports VT too), two shelters
SH1 and SH2. Quarters of 2025 (the span) and 2024 (the previous span), all accepted unless said otherwise.

    VT    flow, authoritative AP    AP: 5, 7, 4, 6 (= 22)   PSH: 9, 12 in Q1, Q2 (a cross-check, never added)
    SHEL  stock, summed             SH1: 10, 12, 11, –   SH2: 4, 3, 5, –   → the stock of Q3: 16 (not a sum: 45)
                                    2024 Q4: SH1 10, SH2 5 → 15
    RATE  rate, authoritative AP    AP: 40, 60 in Q1, Q2 → 50
    FORMS flow, summed; sex × exploitation, forms of exploitation can overlap
          SH1 Q1 one-way cells: F 3, M 2 | SEX 4, LABOUR 2 (one victim, two forms), total 5
          SH2 Q1 cross-table:   F·SEX 1, M·LABOUR 2, total 3
          SH2 Q2 cross-table F·SEX 2, M·SEX 1, M·LABOUR 1 and one-way sex F 2, M 2, total 4
          → sex: F 3+1+2 = 6, M 2+2+2 = 6 (= 12, the total); exploitation: SEX 4+1+3 = 8, LABOUR 2+2+1 = 5 (13 ≥ 12)
    TRAIN flow, summed              2025 Q1: SH1 3, SH2 4 (= 7)    2024 Q1: SH1 2 → not like for like; on SH1's Q1: 3 vs 2
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.figures import FigureSource, national_figures
from strategy.models import ActionPlan, Dimension, DimensionOption, Indicator, IndicatorDimension, Strategy
from tests import factories
from tests.committee.builders import accepted, make_period, stat

FIGURE_QUERIES = 9


def indicator(code, *, time="flow", authority=None, reporters=(), dimensions=(), overlapping=()):
    ind = Indicator.objects.create(
        code=code, name=f"Treguesi {code}", name_en=f"Indicator {code}", time_aggregation=time,
        institution_aggregation="authoritative" if authority else "sum", authoritative_institution=authority,
    )
    ind.reporting_institutions.set(reporters)
    for position, dimension in enumerate(dimensions, start=1):
        IndicatorDimension.objects.create(indicator=ind, dimension=dimension, position=position,
                                          options_overlap=dimension in overlapping)
    return ind


def one_way(report, ind, value, option):
    """A one-way cell: exactly one option, in the column of its dimension's position."""
    from reports.models import StatValue

    position = ind.indicator_dimensions.get(dimension=option.dimension).position
    return StatValue.objects.create(report=report, indicator=ind, cell_key=str(option.pk), value=Decimal(value),
                                    **{f"option_{position}": option})


@pytest.fixture
def world(db):
    w = type("World", (), {})()
    mk = factories.InstitutionFactory
    w.ap, w.psh, w.sh1, w.sh2 = mk(code="AP"), mk(code="PSH"), mk(code="SH1"), mk(code="SH2")
    strategy = Strategy.objects.create(title="S", start_year=2024, end_year=2026)
    plan = ActionPlan.objects.create(strategy=strategy, title="P", start_year=2024, end_year=2026)
    w.p24 = [make_period(plan, 2024, q) for q in (1, 2, 3, 4)]
    w.p25 = [make_period(plan, 2025, q) for q in (1, 2, 3, 4)]
    sex = Dimension.objects.create(code="sex", name="Gjinia", name_en="Sex")
    forms = Dimension.objects.create(code="forms", name="Forma", name_en="Form of exploitation")
    w.female, w.male = (DimensionOption.objects.create(dimension=sex, code=c, name=c, order=i)
                        for i, c in enumerate(["F", "M"]))
    w.sexual, w.labour = (DimensionOption.objects.create(dimension=forms, code=c, name=c, order=i)
                          for i, c in enumerate(["SEX", "LABOUR"]))
    w.vt = indicator("VT", authority=w.ap, reporters=[w.ap, w.psh])
    w.shel = indicator("SHEL", time="stock", reporters=[w.sh1, w.sh2])
    w.rate = indicator("RATE", time="rate", authority=w.ap, reporters=[w.ap])
    w.forms = indicator("FORMS", reporters=[w.sh1, w.sh2], dimensions=[sex, forms], overlapping=[forms])
    w.train = indicator("TRAIN", reporters=[w.sh1, w.sh2])

    reports = {}

    def report(inst, period):
        key = (inst.pk, period.pk)
        if key not in reports:
            reports[key] = accepted(inst, period)
        return reports[key]

    for period, value in zip(w.p25, [5, 7, 4, 6], strict=True):
        stat(report(w.ap, period), w.vt, value)
    stat(report(w.psh, w.p25[0]), w.vt, 9)
    stat(report(w.psh, w.p25[1]), w.vt, 12)
    for period in w.p24:
        stat(report(w.ap, period), w.vt, 1)
    for period, a, b in zip(w.p25[:3], [10, 12, 11], [4, 3, 5], strict=True):
        stat(report(w.sh1, period), w.shel, a)
        stat(report(w.sh2, period), w.shel, b)
    stat(report(w.sh1, w.p24[3]), w.shel, 10)
    stat(report(w.sh2, w.p24[3]), w.shel, 5)
    stat(report(w.ap, w.p25[0]), w.rate, 40)
    stat(report(w.ap, w.p25[1]), w.rate, 60)

    a = report(w.sh1, w.p25[0])
    stat(a, w.forms, 5)
    for value, option in [(3, w.female), (2, w.male), (4, w.sexual), (2, w.labour)]:
        one_way(a, w.forms, value, option)
    b = report(w.sh2, w.p25[0])
    stat(b, w.forms, 3)
    stat(b, w.forms, 1, w.female, w.sexual)
    stat(b, w.forms, 2, w.male, w.labour)
    c = report(w.sh2, w.p25[1])
    stat(c, w.forms, 4)
    stat(c, w.forms, 2, w.female, w.sexual)
    stat(c, w.forms, 1, w.male, w.sexual)
    stat(c, w.forms, 1, w.male, w.labour)
    one_way(c, w.forms, 2, w.female)
    one_way(c, w.forms, 2, w.male)

    stat(report(w.sh1, w.p25[0]), w.train, 3)
    stat(report(w.sh2, w.p25[0]), w.train, 4)
    stat(report(w.sh1, w.p24[0]), w.train, 2)
    return w


def test_an_authoritative_figure_is_the_authoritys_alone_with_the_others_as_cross_checks(world):
    vt = national_figures([world.vt], world.p25)[world.vt.pk]
    assert vt.total == 22  # AP's 5 + 7 + 4 + 6; the police's 21 is not added in
    assert [q.value for q in vt.quarters] == [5, 7, 4, 6]
    assert vt.authority.code == "AP" and vt.authority.counted
    [police] = vt.cross_checks
    assert (police.code, police.value, police.counted) == ("PSH", 21, False)
    assert all(q.complete for q in vt.quarters)  # AP's report was accepted in every quarter


def test_a_stock_over_a_year_is_its_last_quarter_with_data_never_a_sum(world):
    shel = national_figures([world.shel], world.p25)[world.shel.pk]
    assert shel.total == 16  # Q3: SH1 11 + SH2 5; Q4 has no data
    assert shel.stock_quarter.quarter == 3 and shel.stock_quarter.year == 2025
    assert [q.value for q in shel.quarters] == [14, 15, 16, None]
    assert not shel.quarters[3].complete and shel.quarters[3].accepted == 0


def test_a_rate_is_the_average_of_its_quarters(world):
    assert national_figures([world.rate], world.p25)[world.rate.pk].total == 50


def test_breakdowns_take_one_way_cells_else_cross_table_marginals_and_say_when_forms_overlap(world):
    forms = national_figures([world.forms], world.p25)[world.forms.pk]
    assert forms.total == 12
    sex, exploitation = forms.breakdowns
    assert [(o.code, o.value) for o in sex.options] == [("F", 6), ("M", 6)]
    assert (sex.sum, sex.overlapping, sex.adds_up) == (12, False, True)
    assert [(o.code, o.value) for o in exploitation.options] == [("SEX", 8), ("LABOUR", 5)]
    assert (exploitation.sum, exploitation.overlapping, exploitation.adds_up) == (13, True, True)
    assert forms.option_value(world.sexual.pk) == 8


def test_a_breakdown_that_does_not_add_up_says_so(world):
    IndicatorDimension.objects.filter(indicator=world.forms).update(options_overlap=False)
    forms = national_figures([world.forms], world.p25)[world.forms.pk]
    assert forms.breakdowns[1].adds_up is False  # 13 against a total of 12, and the forms may not overlap


def test_comparisons_are_like_for_like_or_say_what_they_compare(world):
    source = FigureSource.load(None, world.p24 + world.p25)
    vt = source.compare(world.vt.pk, world.p25, world.p24)
    assert (vt.current, vt.previous, vt.like_for_like) == (22, 4, True)
    train = source.compare(world.train.pk, world.p25, world.p24)
    assert (train.current, train.previous, train.change, train.like_for_like) == (7, 2, 5, False)
    assert (train.common_current, train.common_previous, train.common_change, train.common_change_percent) == (
        3, 2, 1, Decimal("50.0"))  # SH1's first quarter, present in both years
    shel = source.compare(world.shel.pk, world.p25, world.p24)
    assert (shel.current, shel.previous, shel.like_for_like, shel.common_current) == (16, 15, False, None)


def test_only_accepted_reports_count(world):
    from reports.models import QuarterlyReport

    QuarterlyReport.objects.filter(institution=world.ap, period=world.p25[3]).update(status="submitted")
    vt = national_figures([world.vt], world.p25)[world.vt.pk]
    assert vt.total == 16 and not vt.quarters[3].complete


def test_national_figures_run_a_fixed_number_of_queries(world):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            national_figures(None, world.p24 + world.p25)
        return len(ctx.captured_queries)

    small = count()
    for n in range(6):
        other = factories.InstitutionFactory(code=f"N{n}")
        world.train.reporting_institutions.add(other)
        for period in world.p25:
            stat(accepted(other, period), world.train, n)
    assert count() == small == FIGURE_QUERIES


def test_a_rate_cannot_be_summed_across_institutions(world):
    with pytest.raises(ValidationError):
        Indicator(code="R2", name="Norma", time_aggregation="rate", institution_aggregation="sum").full_clean()
