"""The rules engine on its own: each kind of rule, its severity, and where its message is shown."""

from decimal import Decimal

import pytest

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
    assert any(i.message == "Mesazh i veçantë" for i in issues_for(setup, values))
    rule.is_active = False
    rule.save()
    assert not any(i.message == "Mesazh i veçantë" for i in issues_for(setup, values))


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
