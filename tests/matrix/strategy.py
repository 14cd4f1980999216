"""Matrix rows of the strategy area: the plan, activities, import/export, indicators, dimensions, periods."""

from strategy.choices import RuleKind
from tests import factories

from . import Row

SIGNED_IN = ["director", "coordinator", "other_coordinator", "reporter", "other_reporter", "committee"]
ALL_SIGNED_IN = {role: 200 for role in SIGNED_IN}
UNIT = {"director": 200, "coordinator": 200, "other_coordinator": 200}
DIRECTOR = {"director": 200}
REPORTERS = {"reporter": 200, "other_reporter": 200}
PERIOD_READERS = {**UNIT, **REPORTERS}


def build(world):
    """A small plan (pillar → objective → activity led by the reporter's institution), an indicator
    with a dimension and a rule, and an open period (world.plan, world.activity, world.period…)."""
    world.plan = factories.ActionPlanFactory(start_year=2024, end_year=2030)
    world.pillar = factories.PillarFactory(plan=world.plan, code="1")
    world.objective = factories.ObjectiveFactory(pillar=world.pillar, code="1.1")
    world.activity = factories.ActivityFactory(objective=world.objective, code="1.1.1",
                                               lead_institution=world.institution)
    world.activity.partners.add(world.other_institution)
    world.dimension = factories.DimensionFactory(code="matrix_sex")
    world.option = factories.DimensionOptionFactory(dimension=world.dimension, code="F")
    world.indicator = factories.IndicatorFactory(code="MATRIX-01")
    world.indicator.indicator_dimensions.create(dimension=world.dimension, position=1)
    world.rule = world.indicator.rules.create(kind=RuleKind.DEVIATION, threshold_percent=50)
    world.period = factories.ReportingPeriodFactory(plan=world.plan, year=2026, quarter=4, status="open")


def _redirect_all():
    return {role: 302 for role in SIGNED_IN}


ROWS = [
    # The plan.
    Row("strategy:plan_index", _redirect_all()),
    Row("strategy:plan_overview", ALL_SIGNED_IN, kwargs=lambda w: {"pk": w.plan.pk}),
    Row("strategy:strategy_create", UNIT),
    Row("strategy:strategy_create", UNIT, method="post", data=lambda w: {"title": ""}, note="invalid: form again"),
    Row("strategy:plan_create", UNIT),
    Row("strategy:plan_update", UNIT, kwargs=lambda w: {"pk": w.plan.pk}),
    Row("strategy:pillar_create", UNIT, kwargs=lambda w: {"plan": w.plan.pk}),
    Row("strategy:pillar_update", UNIT, kwargs=lambda w: {"pk": w.pillar.pk}),
    Row("strategy:objective_create", UNIT, kwargs=lambda w: {"plan": w.plan.pk}),
    Row("strategy:objective_update", UNIT, kwargs=lambda w: {"pk": w.objective.pk}),
    Row("strategy:activity_create", UNIT, kwargs=lambda w: {"plan": w.plan.pk}),
    Row("strategy:activity_update", UNIT, kwargs=lambda w: {"pk": w.activity.pk}),
    Row("strategy:activity_update", UNIT, kwargs=lambda w: {"pk": w.activity.pk}, method="post",
        data=lambda w: {"code": "not a code"}, note="invalid: the form again, nothing saved"),
    Row("strategy:item_delete", UNIT, kwargs=lambda w: {"kind": "activity", "pk": w.activity.pk}),
    Row("strategy:item_archive", {"director": 302, "coordinator": 302, "other_coordinator": 302},
        kwargs=lambda w: {"kind": "objective", "pk": w.objective.pk}, method="post", data=lambda w: {"archived": "0"}),
    Row("strategy:item_history", UNIT, kwargs=lambda w: {"kind": "activity", "pk": w.activity.pk}),
    # Activities, import and export.
    Row("strategy:activity_list", ALL_SIGNED_IN),
    Row("strategy:activity_detail", ALL_SIGNED_IN, kwargs=lambda w: {"pk": w.activity.pk}),
    Row("strategy:my_activities", REPORTERS),
    Row("strategy:activity_export", ALL_SIGNED_IN, kwargs=lambda w: {"fmt": "xlsx"}),
    Row("strategy:import_template", UNIT, kwargs=lambda w: {"fmt": "csv"}),
    Row("strategy:import_upload", UNIT, kwargs=lambda w: {"plan": w.plan.pk}),
    Row("strategy:import_preview", {"director": 302, "coordinator": 302, "other_coordinator": 302},
        kwargs=lambda w: {"plan": w.plan.pk}, note="no file uploaded: back to the upload"),
    # Indicators, rules and dimensions.
    Row("strategy:indicator_list", ALL_SIGNED_IN),
    Row("strategy:indicator_detail", ALL_SIGNED_IN, kwargs=lambda w: {"pk": w.indicator.pk}),
    Row("strategy:indicator_create", UNIT),
    Row("strategy:indicator_update", UNIT, kwargs=lambda w: {"pk": w.indicator.pk}),
    Row("strategy:indicator_delete", UNIT, kwargs=lambda w: {"pk": w.indicator.pk}),
    Row("strategy:rule_create", UNIT, kwargs=lambda w: {"indicator": w.indicator.pk}),
    Row("strategy:rule_update", UNIT, kwargs=lambda w: {"pk": w.rule.pk}),
    Row("strategy:rule_delete", {"director": 302, "coordinator": 404, "other_coordinator": 404},
        kwargs=lambda w: {"pk": w.rule.pk}, method="post", note="the director deletes it first"),
    Row("strategy:dimension_list", ALL_SIGNED_IN),
    Row("strategy:dimension_create", UNIT),
    Row("strategy:dimension_update", UNIT, kwargs=lambda w: {"pk": w.dimension.pk}),
    # Reporting periods.
    Row("strategy:period_list", PERIOD_READERS),
    Row("strategy:period_detail", PERIOD_READERS, kwargs=lambda w: {"pk": w.period.pk}),
    Row("strategy:period_create_year", DIRECTOR),
    Row("strategy:period_create_year", DIRECTOR, method="post", data=lambda w: {"year": "abc"}),
    Row("strategy:period_transition", DIRECTOR, kwargs=lambda w: {"pk": w.period.pk, "action": "close"}),
]
