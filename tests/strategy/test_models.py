"""Model rules: natural code order, deadlines, validation rules' clean(), exact kind matching."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from strategy.choices import RuleKind
from strategy.models import Activity, Indicator, ValidationRule, natural_sort_key
from tests import factories

pytestmark = pytest.mark.django_db


def test_codes_sort_naturally(objective, police):
    for code in ["2.1.10", "2.1.9", "2.1.1", "2.1.2"]:
        factories.ActivityFactory(objective=objective, code=code, lead_institution=police)
    assert list(Activity.objects.filter(plan=objective.plan).values_list("code", flat=True)) == [
        "2.1.1", "2.1.2", "2.1.9", "2.1.10"]
    assert natural_sort_key("10.1") > natural_sort_key("9.12")


@pytest.mark.parametrize("fields, due", [
    ({"deadline_date": datetime.date(2025, 5, 3), "deadline_year": None, "deadline_quarter": None}, datetime.date(2025, 5, 3)),
    ({"deadline_year": 2025, "deadline_quarter": 3}, datetime.date(2025, 9, 30)),
    ({"deadline_year": 2026, "deadline_quarter": None}, datetime.date(2026, 12, 31)),
])
def test_due_on_follows_the_deadline(objective, police, fields, due):
    activity = factories.ActivityFactory(objective=objective, lead_institution=police, **fields)
    assert activity.due_on == due


def test_deadline_date_and_quarter_together_are_refused(objective, police):
    activity = factories.ActivityFactory.build(objective=objective, plan=objective.plan, code="2.1.5",
                                               lead_institution=police, deadline_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        activity.full_clean()


def _rule(indicator, **fields):
    return ValidationRule(indicator=indicator, **fields)


def test_less_or_equal_needs_another_indicator():
    indicator = factories.IndicatorFactory()
    with pytest.raises(ValidationError) as error:
        _rule(indicator, kind=RuleKind.LESS_OR_EQUAL).full_clean()
    assert "other_indicator" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _rule(indicator, kind=RuleKind.LESS_OR_EQUAL, other_indicator=indicator).full_clean()
    assert "itself" in str(error.value)
    _rule(indicator, kind=RuleKind.LESS_OR_EQUAL, other_indicator=factories.IndicatorFactory()).full_clean()


def test_breakdown_sum_needs_one_of_the_indicators_dimensions():
    indicator = factories.IndicatorFactory()
    sex, age = factories.DimensionFactory(), factories.DimensionFactory()
    indicator.indicator_dimensions.create(dimension=sex, position=1)
    with pytest.raises(ValidationError) as error:
        _rule(indicator, kind=RuleKind.BREAKDOWN_SUM).full_clean()
    assert "dimension" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _rule(indicator, kind=RuleKind.BREAKDOWN_SUM, dimension=age).full_clean()
    assert "not broken down" in str(error.value)
    _rule(indicator, kind=RuleKind.BREAKDOWN_SUM, dimension=sex).full_clean()


def test_deviation_needs_a_threshold_and_other_kinds_drop_stale_settings():
    indicator = factories.IndicatorFactory()
    with pytest.raises(ValidationError) as error:
        _rule(indicator, kind=RuleKind.DEVIATION).full_clean()
    assert "threshold_percent" in error.value.message_dict
    other = factories.IndicatorFactory()
    rule = _rule(indicator, kind=RuleKind.LESS_OR_EQUAL, threshold_percent=50, other_indicator=other,
                 dimension=factories.DimensionFactory())
    rule.full_clean()
    assert rule.threshold_percent is None and rule.dimension is None and rule.other_indicator == other


def test_for_institution_matches_kinds_exactly(police):
    shelter = factories.InstitutionFactory(kind="shelter")
    named = factories.IndicatorFactory(code="A")
    named.reporting_institutions.add(shelter)
    by_kind = factories.IndicatorFactory(code="B", reporting_kinds=" shelter , ngo")
    factories.IndicatorFactory(code="C", reporting_kinds="police_unit,other")  # 'police' is only a substring
    factories.IndicatorFactory(code="D", reporting_kinds="ngo,police")
    assert by_kind.reporting_kinds == "shelter,ngo"
    assert set(Indicator.objects.for_institution(shelter).values_list("code", flat=True)) == {"A", "B"}
    assert list(Indicator.objects.for_institution(police).values_list("code", flat=True)) == ["D"]


def test_unknown_kind_is_refused():
    indicator = factories.IndicatorFactory.build(code="X", reporting_kinds="ngo,martians")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "martians" in str(error.value)
