"""The rules engine on its own: each kind of rule, its severity, and where its message is shown."""

from decimal import Decimal

import pytest
from django.utils.translation import override

from reports import validation
from reports.grid import indicator_grids
from reports.selectors.report import previous_totals
from strategy.choices import RuleKind, Severity
from tests.reports.builders import make_rule


def issues_for(setup, values, previous=None):
    grids = indicator_grids(setup.institution)
    values = {k: Decimal(v) for k, v in values.items()}
    return validation.evaluate(grids, values, previous=previous)


@pytest.mark.django_db
def test_consistent_values_pass(setup):
    assert issues_for(setup, setup.valid_values()) == []


@pytest.mark.django_db
def test_breakdown_not_adding_up_is_an_error_on_the_total(setup):
    values = {**setup.valid_values(), (setup.victims.pk, ""): 12}
    [issue] = issues_for(setup, values)
    assert issue.is_error and issue.indicator_id == setup.victims.pk and issue.cell_key == ""
    assert "adds up to 10, not to the total 12" in issue.message


@pytest.mark.django_db
def test_breakdown_without_total_asks_for_it(setup):
    values = {k: v for k, v in setup.valid_values().items() if k != (setup.victims.pk, "")}
    messages = [i.message for i in issues_for(setup, values)]
    assert any("Enter the total" in m for m in messages)


@pytest.mark.django_db
def test_minors_more_than_victims(setup):
    values = {**setup.valid_values(), (setup.minors.pk, ""): 11}
    [issue] = issues_for(setup, values)
    assert issue.indicator_id == setup.minors.pk and "is more than" in issue.message


@pytest.mark.django_db
def test_deviation_from_earlier_quarters_is_a_warning(setup):
    previous = {setup.trainings.pk: [Decimal(4), Decimal(6)]}  # average 5
    values = {**setup.valid_values(), (setup.trainings.pk, ""): 9, (setup.trainings.pk, setup.key(setup.north)): 4,
              (setup.trainings.pk, setup.key(setup.south)): 5}
    [issue] = issues_for(setup, values, previous)
    assert issue.severity == Severity.WARNING and "average of earlier quarters (5" in issue.message
    values[(setup.trainings.pk, "")] = 7  # 40% away: within the threshold
    values[(setup.trainings.pk, setup.key(setup.north))] = 2
    assert issues_for(setup, values, previous) == []
    assert issues_for(setup, values, {}) == []  # no history, no warning


@pytest.mark.django_db
def test_custom_message_and_inactive_rules(setup):
    rule = make_rule(setup.minors, RuleKind.LESS_OR_EQUAL, other=setup.victims, message="Mesazh i veçantë")
    values = {**setup.valid_values(), (setup.minors.pk, ""): 11}
    # The rule's own words (Albanian: an Albanian reader's), with the standard message that names the figures.
    with override("sq"):
        assert any(i.message.startswith("Mesazh i veçantë (") and "11" in i.message for i in issues_for(setup, values))
    rule.is_active = False
    rule.save()
    with override("sq"):
        assert not any(i.message.startswith("Mesazh i veçantë") for i in issues_for(setup, values))


@pytest.mark.django_db
def test_previous_totals_use_only_earlier_submitted_reports_of_the_institution(setup, reporter):
    from reports import services
    from tests.reports.builders import make_period

    earlier = make_period(setup.plan, 2025, 4)
    old = services.report_start(institution=setup.institution, period=earlier, by=reporter)
    services.report_save(report=old, by=reporter, version=old.version, values=setup.valid_values(),
                         progress=setup.answered_progress())
    current = services.report_start(institution=setup.institution, period=setup.period, by=reporter)
    assert previous_totals(current, [setup.trainings.pk]) == {}  # a draft does not count
    services.report_submit(report=old, by=reporter)
    assert previous_totals(current, [setup.trainings.pk]) == {setup.trainings.pk: [Decimal(4)]}
    assert previous_totals(old, [setup.trainings.pk]) == {}  # later quarters do not count


def make_relation(indicator, comparator, terms, *, option=None, severity=Severity.ERROR):
    from strategy.models import RuleTerm, ValidationRule

    rule = ValidationRule.objects.create(indicator=indicator, kind=RuleKind.RELATION, comparator=comparator,
                                         option=option, severity=severity)
    for order, (other, other_option) in enumerate(terms, start=1):
        RuleTerm.objects.create(rule=rule, indicator=other, option=other_option, order=order)
    return rule


@pytest.mark.django_db
def test_relation_on_a_slice_of_a_cross_table(setup):
    """Minors in V01 (2 + 1 in the sex × age table) ≥ V02: 3 holds, 4 does not."""
    make_relation(setup.victims, "ge", [(setup.minors, None)], option=setup.minor)
    assert issues_for(setup, setup.valid_values()) == []
    values = {**setup.valid_values(), (setup.minors.pk, ""): 4}
    issues = [i for i in issues_for(setup, values) if "does not hold" in i.message]
    [issue] = issues
    assert issue.is_error and issue.indicator_id == setup.victims.pk
    assert "V01 [" in issue.message and "≥ V02 does not hold: 3 against 4." in issue.message


@pytest.mark.django_db
def test_relation_on_a_slice_takes_the_one_way_cells_when_the_report_has_them(setup):
    """A one-way age table (cell key = the option) wins over the cross-table's marginal for that dimension."""
    setup.victims.breakdown_layout = "both"
    setup.victims.save()
    make_relation(setup.victims, "ge", [(setup.minors, None)], option=setup.minor)
    values = {**setup.valid_values(), (setup.victims.pk, setup.key(setup.minor)): 5,
              (setup.victims.pk, setup.key(setup.adult)): 5, (setup.minors.pk, ""): 4}
    assert not [i for i in issues_for(setup, values) if "does not hold" in i.message]


@pytest.mark.django_db
def test_relation_summing_several_indicators_with_equality(setup):
    """V01 = V02 + V03: 10 against 3 + 4 fails; with V02 = 6 it holds."""
    make_relation(setup.victims, "eq", [(setup.minors, None), (setup.trainings, None)], severity=Severity.WARNING)
    [issue] = [i for i in issues_for(setup, setup.valid_values()) if "does not hold" in i.message]
    assert issue.is_warning and "V01 = V02 + V03 does not hold: 10 against 7." in issue.message
    assert not issues_for(setup, {**setup.valid_values(), (setup.minors.pk, ""): 6})


@pytest.mark.django_db
def test_a_rule_needing_an_indicator_the_report_lacks_is_skipped_and_says_so(setup, institution):
    from tests.reports.builders import make_indicator

    elsewhere = make_indicator("Z01", order=5)  # reported by nobody in this report
    make_relation(setup.victims, "ge", [(elsewhere, None)])
    [notice] = issues_for(setup, setup.valid_values())
    assert notice.is_notice and not notice.is_error and not notice.is_warning
    assert "V01 ≥ Z01 was not checked: the report does not hold Z01" in notice.message
    make_relation(setup.victims, "ge", [(setup.minors, None)], option=setup.minor)
    values = {k: v for k, v in setup.valid_values().items() if k != (setup.minors.pk, "")}
    notices = [i for i in issues_for(setup, values) if "V02" in i.message]
    assert [i.is_notice for i in notices] == [True]  # V02 left empty: said so, not silently passed
    assert "V02 has no figure in this report" in notices[0].message


@pytest.mark.django_db
def test_a_notice_does_not_block_nor_need_an_explanation(setup, reporter):
    from reports import services
    from tests.reports.builders import make_indicator

    make_relation(setup.victims, "ge", [(make_indicator("Z02", order=6), None)])
    report = services.report_start(institution=setup.institution, period=setup.period, by=reporter)
    services.report_save(report=report, by=reporter, version=report.version, values=setup.valid_values(),
                         progress=setup.answered_progress())
    services.report_submit(report=report, by=reporter)
    report.refresh_from_db()
    assert report.status == "submitted" and report.warning_explanation == ""
