"""Builders of the strategy objects quarterly-report tests need: a plan, periods, activities, indicators, rules."""

import datetime
import itertools

from strategy.choices import BreakdownLayout, IndicatorUnit, PeriodStatus, RuleKind, Severity
from strategy.models import (
    ActionPlan,
    Activity,
    Dimension,
    DimensionOption,
    Indicator,
    IndicatorDimension,
    Objective,
    Pillar,
    ReportingPeriod,
    Strategy,
    ValidationRule,
)

_seq = itertools.count(1)


def make_plan():
    strategy = Strategy.objects.create(title="Strategjia", start_year=2024, end_year=2030)
    plan = ActionPlan.objects.create(strategy=strategy, title="PKV", start_year=2024, end_year=2030)
    pillar = Pillar.objects.create(plan=plan, code="1", title="Parandalimi", order=1)
    Objective.objects.create(plan=plan, pillar=pillar, code="1.1", title="Objektivi 1.1")
    return plan


def make_period(plan, year=2026, quarter=2, status=PeriodStatus.OPEN, due_on=None):
    start = datetime.date(year, quarter * 3 - 2, 1)
    return ReportingPeriod.objects.create(
        plan=plan, year=year, quarter=quarter, opens_on=start,
        due_on=due_on or (start + datetime.timedelta(days=110)), status=status,
    )


def make_activity(plan, lead, *, partners=(), code=None, due_on=None, archived=False):
    objective = plan.objectives.first()
    n = next(_seq)
    activity = Activity(objective=objective, code=code or f"1.1.{n}", description=f"Aktiviteti {n}",
                        lead_institution=lead, is_archived=archived, deadline_date=due_on)
    activity.save()
    if partners:
        activity.partners.set(partners)
    return activity


def make_dimension(code, options):
    dimension = Dimension.objects.create(code=code, name=code.title(), name_en=code.title())
    made = [DimensionOption.objects.create(dimension=dimension, code=o, name=o.title(), name_en=o.title(), order=i)
            for i, o in enumerate(options)]
    return dimension, made


def make_indicator(code, *, dimensions=(), institutions=(), kinds="", unit=IndicatorUnit.COUNT, order=0,
                   description="", layout=BreakdownLayout.CROSS, overlapping=()):
    """An indicator; `layout` is how its breakdowns are entered, `overlapping` the dimensions whose options overlap."""
    indicator = Indicator.objects.create(code=code, name=f"Treguesi {code}", name_en=f"Indicator {code}", unit=unit,
                                         reporting_kinds=kinds, order=order, description=description,
                                         breakdown_layout=layout)
    for position, dimension in enumerate(dimensions, start=1):
        IndicatorDimension.objects.create(indicator=indicator, dimension=dimension, position=position,
                                          options_overlap=dimension in overlapping)
    if institutions:
        indicator.reporting_institutions.set(institutions)
    return indicator


def make_rule(indicator, kind, *, severity=Severity.ERROR, dimension=None, other=None, threshold=None, message=""):
    return ValidationRule.objects.create(indicator=indicator, kind=kind, severity=severity, dimension=dimension,
                                         other_indicator=other, threshold_percent=threshold, message=message)


class Setup:
    """A plan, an open period and, for `institution`: 3 activities and 3 indicators with rules.

    V01 victims: sex (F, M) × age (minor, adult), breakdown must add up (error);
    V02 minors: no breakdown, not more than V01 (error);
    V03 trainings: by region (north, south), warning when far from earlier quarters.
    """

    def __init__(self, institution, other_institution=None, *, period_status=PeriodStatus.OPEN):
        self.institution = institution
        self.plan = make_plan()
        self.period = make_period(self.plan, status=period_status)
        self.activities = [make_activity(self.plan, institution, due_on=datetime.date(2020, 1, 1)),
                           make_activity(self.plan, institution),
                           make_activity(self.plan, other_institution or institution, partners=[institution])]
        self.sex, (self.female, self.male) = make_dimension("q-sex", ["f", "m"])
        self.age, (self.minor, self.adult) = make_dimension("q-age", ["minor", "adult"])
        self.region, (self.north, self.south) = make_dimension("q-region", ["north", "south"])
        self.victims = make_indicator("V01", dimensions=[self.sex, self.age], institutions=[institution], order=1,
                                      description="Viktimat e identifikuara")
        self.minors = make_indicator("V02", institutions=[institution], order=2)
        self.trainings = make_indicator("V03", dimensions=[self.region], institutions=[institution], order=3)
        make_rule(self.victims, RuleKind.BREAKDOWN_SUM, dimension=self.sex)
        make_rule(self.minors, RuleKind.LESS_OR_EQUAL, other=self.victims)
        make_rule(self.trainings, RuleKind.DEVIATION, severity=Severity.WARNING, threshold=50)
        self.other_activity = None
        self.foreign_indicator = None
        if other_institution is not None:
            self.other_activity = make_activity(self.plan, other_institution)
            self.foreign_indicator = make_indicator("X99", institutions=[other_institution], order=9)

    def answered_progress(self):
        """A status for each of the institution's activities (a report cannot be submitted without)."""
        statuses = ["implemented", "in_progress", "partial"]
        return {a.pk: {"status": statuses[i], "narrative": "U krye" if i == 0 else "", "spent": None}
                for i, a in enumerate(self.activities)}

    def key(self, *options):
        return "-".join(str(o.pk) for o in options)

    def valid_values(self):
        """A complete, consistent set of values: (indicator id, key) → number."""
        v = self.victims.pk
        return {
            (v, ""): 10,
            (v, self.key(self.female, self.minor)): 2, (v, self.key(self.female, self.adult)): 5,
            (v, self.key(self.male, self.minor)): 1, (v, self.key(self.male, self.adult)): 2,
            (self.minors.pk, ""): 3,
            (self.trainings.pk, ""): 4, (self.trainings.pk, self.key(self.north)): 1,
            (self.trainings.pk, self.key(self.south)): 3,
        }

    def post_data(self, report, values=None, progress=None, version=None, action="save"):
        """The edit form's POST data for `report` with these values ((indicator id, key) → text); a submission
        answers every activity unless `progress` says otherwise."""
        if progress is None and action == "submit":
            progress = self.answered_progress()
        data = {"version": str(version if version is not None else report.version), "institution": str(report.institution_id),
                "period": str(report.period_id), "action": action}
        for (indicator_id, key), value in (values if values is not None else self.valid_values()).items():
            data[f"v-{indicator_id}-{key}"] = "" if value is None else str(value)
        for activity_id, row in (progress or {}).items():
            for name, value in row.items():
                data[f"a-{activity_id}-{name}"] = "" if value is None else value
        return data




def make_big_report(institution, reporter, *, activities=60, indicators=40, plan=None, period=None):
    """A report with `activities` activities and `indicators` indicators of 5 × (2 × 2) cells plus a total
    (60 × 40 gives 840 cells), every cell filled. Returns (report, post data of the edit form)."""
    from reports import services

    tag = next(_seq)
    plan = plan or make_plan()
    period = period or make_period(plan, 2026, 2)
    for _ in range(activities):
        make_activity(plan, institution)
    form, forms_ = make_dimension(f"form-{tag}", ["sexual", "labour", "begging", "criminality", "other"])
    sex, sexes = make_dimension(f"sex-{tag}", ["f", "m"])
    age, ages = make_dimension(f"age-{tag}", ["minor", "adult"])
    made = [make_indicator(f"B{tag}-{n:02d}", dimensions=[form, sex, age], institutions=[institution], order=n)
            for n in range(indicators)]
    for indicator in made:
        make_rule(indicator, RuleKind.BREAKDOWN_SUM, dimension=form)
    report = services.report_start(institution=institution, period=period, by=reporter)
    values = {}
    for indicator in made:
        total = 0
        for f in forms_:
            for s in sexes:
                for a in ages:
                    values[(indicator.pk, f"{f.pk}-{s.pk}-{a.pk}")] = 1
                    total += 1
        values[(indicator.pk, "")] = total
    data = {"version": str(report.version), "institution": str(institution.pk), "period": str(period.pk), "action": "save"}
    for (indicator_id, key), value in values.items():
        data[f"v-{indicator_id}-{key}"] = str(value)
    for activity in report_activity_list(report):
        data[f"a-{activity.pk}-status"] = "in_progress"
        data[f"a-{activity.pk}-narrative"] = "Punë e vazhdueshme"
        data[f"a-{activity.pk}-spent"] = "1000"
    return report, data


def report_activity_list(report):
    from reports.selectors.report import report_activities

    return report_activities(report)
