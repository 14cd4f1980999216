"""Demo data of this area (part of `seed_demo`). Idempotent: keyed on titles and codes.

The action plan itself comes from `data/demo_plan.csv`, loaded through the same import as an
uploaded spreadsheet; the dimensions from `data/dimensions.csv`.
"""

import csv
import dataclasses
import io
from collections import deque
from pathlib import Path

from django.utils import timezone

from antitrafik.history import save_audited
from institutions.choices import InstitutionKind as K
from institutions.choices import Role
from institutions.models import Institution, User

from . import imports, services
from .choices import (
    BreakdownLayout,
    Comparator,
    IndicatorUnit,
    InstitutionAggregation,
    PeriodStatus,
    RuleKind,
    Severity,
    TimeAggregation,
)
from .models import (
    ActionPlan,
    Dimension,
    DimensionOption,
    Indicator,
    Pillar,
    ReportingPeriod,
    Strategy,
    ValidationRule,
)
from .quarters import quarter_of, quarter_sequence

DATA = Path(__file__).resolve().parent / "data"
STRATEGY_TITLE = "Strategjia Kombëtare për Luftën kundër Trafikimit të Personave 2024–2030"
PLAN_TITLE = "Plani Kombëtar i Veprimit 2024–2026"
PLAN_DECISION = "VKM nr. 1003, datë 27.12.2023"
FIRST_YEAR, LAST_YEAR = 2024, 2026

# code, name (sq), name (en), unit, pillar code, dimensions, kinds, institution codes
INDICATORS = [
    ("VT-01", "Viktima të identifikuara (VT)", "Identified victims (VT)", IndicatorUnit.COUNT, "2",
     ["sex", "age_group", "exploitation"], [], ["AP", "PSH"]),
    ("VT-02", "Viktima të mundshme të identifikuara (VMT)", "Identified potential victims (VMT)", IndicatorUnit.COUNT, "2",
     ["sex", "age_group", "exploitation"], [], ["AP", "PSH"]),
    ("VT-03", "Viktima dhe viktima të mundshme sipas shtetësisë", "Victims and potential victims by citizenship",
     IndicatorUnit.COUNT, "2", ["victim_status", "citizenship"], [], ["AP"]),
    ("VT-04", "Viktima dhe viktima të mundshme sipas llojit të trafikimit", "Victims and potential victims by scope",
     IndicatorUnit.COUNT, "2", ["victim_status", "trafficking_scope"], [], ["AP"]),
    ("VT-05", "Viktima dhe viktima të mundshme sipas institucionit referues", "Victims and potential victims by referring body",
     IndicatorUnit.COUNT, "2", ["victim_status", "referred_by"], [], ["AP"]),
    ("VT-06", "Viktima të mitura të identifikuara", "Identified child victims", IndicatorUnit.COUNT, "2",
     ["sex"], [], ["AP", "PSH"]),
    ("AS-01", "Viktima dhe viktima të mundshme të strehuara", "Victims and potential victims sheltered",
     IndicatorUnit.COUNT, "2", ["victim_status", "sex", "age_group"], [K.SHELTER], ["TV", "DE", "VATRA"]),
    ("AS-02", "Viktima në proces riintegrimi", "Victims in reintegration", IndicatorUnit.COUNT, "2",
     ["sex", "age_group"], [K.SHELTER, K.NGO], ["SHSSH"]),
    ("AS-03", "Viktima të kthyera", "Victims returned", IndicatorUnit.COUNT, "2",
     ["citizenship", "sex"], [], ["MEPJ", "AP", "IOM"]),
    ("AS-04", "Viktima që përfituan ndihmë juridike", "Victims given legal aid", IndicatorUnit.COUNT, "2",
     ["sex"], [K.NGO], []),
    ("AS-05", "Viktima të punësuara ose në formim profesional", "Victims employed or in vocational training",
     IndicatorUnit.COUNT, "2", ["sex"], [], ["AKPA"]),
    ("AS-06", "Viktima fëmijë të rikthyer në shkollë", "Child victims back in school", IndicatorUnit.COUNT, "2",
     ["sex"], [], ["MAS"]),
    ("CJ-01", "Procedime penale të regjistruara për trafikim", "Criminal proceedings registered for trafficking",
     IndicatorUnit.COUNT, "3", [], [K.PROSECUTION], []),
    ("CJ-02", "Procedime për trafikim të të rriturve (neni 110/a KP)", "Proceedings for trafficking in adults (CC art. 110/a)",
     IndicatorUnit.COUNT, "3", [], [K.PROSECUTION], []),
    ("CJ-03", "Procedime për trafikim të të miturve (neni 128/b KP)", "Proceedings for trafficking in minors (CC art. 128/b)",
     IndicatorUnit.COUNT, "3", [], [K.PROSECUTION], []),
    ("CJ-04", "Persona të dyshuar për trafikim", "Persons suspected of trafficking", IndicatorUnit.COUNT, "3",
     ["sex", "citizenship"], [K.POLICE], []),
    ("CJ-05", "Persona të ndjekur penalisht", "Persons prosecuted", IndicatorUnit.COUNT, "3",
     ["sex"], [K.PROSECUTION], []),
    ("CJ-06", "Persona të dënuar sipas nenit 110/a KP", "Persons convicted under CC art. 110/a", IndicatorUnit.COUNT, "3",
     ["sex"], [], ["MD", "KLGJ", "PP"]),
    ("CJ-07", "Persona të dënuar sipas nenit 128/b KP", "Persons convicted under CC art. 128/b", IndicatorUnit.COUNT, "3",
     ["sex"], [], ["MD", "KLGJ", "PP"]),
    ("CJ-08", "Pasuri të sekuestruara nga trafikimi", "Assets seized from trafficking", IndicatorUnit.ALL, "3",
     [], [K.PROSECUTION], []),
    ("PR-01", "Trajnime të zhvilluara", "Trainings held", IndicatorUnit.COUNT, "1",
     [], [K.MINISTRY, K.POLICE, K.PROSECUTION, K.REGIONAL_COMMITTEE, K.NGO, K.INTERNATIONAL_ORG], []),
    ("PR-02", "Persona të trajnuar", "People trained", IndicatorUnit.COUNT, "1",
     ["sex"], [K.MINISTRY, K.POLICE, K.PROSECUTION, K.REGIONAL_COMMITTEE, K.NGO, K.INTERNATIONAL_ORG], []),
    ("PR-03", "Aktivitete ndërgjegjësuese", "Awareness events", IndicatorUnit.COUNT, "1",
     [], [K.REGIONAL_COMMITTEE, K.NGO, K.LOCAL_GOVERNMENT], []),
    ("PR-04", "Persona të arritur nga aktivitetet ndërgjegjësuese", "People reached by awareness events",
     IndicatorUnit.COUNT, "1", ["sex", "age_group"], [K.REGIONAL_COMMITTEE, K.NGO, K.LOCAL_GOVERNMENT], []),
    ("PR-05", "Inspektime pune me tregues trafikimi", "Labour inspections with trafficking indicators",
     IndicatorUnit.COUNT, "1", [], [], ["ISHPSHSH"]),
    ("CO-01", "Mbledhje të Komitetit Rajonal Antitrafik", "Meetings of the Regional Anti-Trafficking Committee",
     IndicatorUnit.COUNT, "4", [], [K.REGIONAL_COMMITTEE], []),
]
# The indicators' place in the international standards (Eurostat's crim_thb collection by legal status, IOM's
# Human Trafficking Case Data Standard), so that the open data joins with others'.
STANDARD_CODES = {
    "VT-01": "Eurostat crim_thb_vsage, LEG_STAT=VICT_IDENT; HTCDS TraffickingStatus Actual",
    "VT-02": "Eurostat crim_thb_vsage, LEG_STAT=VICT_PRE; HTCDS TraffickingStatus Possible",
    "VT-06": "Eurostat crim_thb_vsage, AGE=Y_LT18",
    "CJ-04": "Eurostat crim_thb, LEG_STAT=SUSP",
    "CJ-05": "Eurostat crim_thb, LEG_STAT=PRSC",
    "CJ-06": "Eurostat crim_thb, LEG_STAT=CONV",
    "CJ-07": "Eurostat crim_thb, LEG_STAT=CONV, AGE=Y_LT18 (victims)",
}
# What each indicator counts: over time (a flow is summed over quarters, a stock is the last quarter's value)
# and the institution whose figure is the national one (None: the institutions' figures are summed).
# Identified victims and potential victims come from the Responsible Authority's national register; the police
# report the same people (cross-check). Prosecutions come from the General Prosecutor's Office, suspects from the
# State Police, convictions from the courts' figures through the Ministry of Justice.
SEMANTICS = {
    "VT-01": (TimeAggregation.FLOW, "AP"),
    "VT-02": (TimeAggregation.FLOW, "AP"),
    "VT-03": (TimeAggregation.FLOW, "AP"),
    "VT-04": (TimeAggregation.FLOW, "AP"),
    "VT-05": (TimeAggregation.FLOW, "AP"),
    "VT-06": (TimeAggregation.FLOW, "AP"),
    "AS-01": (TimeAggregation.STOCK, None),
    "AS-02": (TimeAggregation.STOCK, "SHSSH"),
    "AS-03": (TimeAggregation.FLOW, "AP"),
    "CJ-01": (TimeAggregation.FLOW, "PP"),
    "CJ-02": (TimeAggregation.FLOW, "PP"),
    "CJ-03": (TimeAggregation.FLOW, "PP"),
    "CJ-04": (TimeAggregation.FLOW, "PSH"),
    "CJ-05": (TimeAggregation.FLOW, "PP"),
    "CJ-06": (TimeAggregation.FLOW, "MD"),
    "CJ-07": (TimeAggregation.FLOW, "MD"),
    "CJ-08": (TimeAggregation.FLOW, "PP"),
}
# Relations between indicators: left indicator, its slice (dimension, option) or None, comparison, right side
# [(indicator, slice or None)] summed, severity, message.
RELATIONS = [
    ("VT-01", ("age_group", "MINOR"), Comparator.AT_LEAST, [("VT-06", None)], Severity.ERROR,
     "Viktimat e mitura (VT-06) nuk mund të jenë më shumë se të miturit në ndarjen sipas moshës të VT-01."),
    ("VT-03", ("victim_status", "VT"), Comparator.EQUAL, [("VT-01", None)], Severity.ERROR,
     "Viktimat (VT) sipas shtetësisë duhet të jenë sa viktimat e identifikuara (VT-01)."),
    ("VT-03", ("victim_status", "VMT"), Comparator.EQUAL, [("VT-02", None)], Severity.ERROR,
     "Viktimat e mundshme (VMT) sipas shtetësisë duhet të jenë sa viktimat e mundshme të identifikuara (VT-02)."),
    ("VT-04", None, Comparator.EQUAL, [("VT-01", None), ("VT-02", None)], Severity.ERROR,
     "Viktimat dhe viktimat e mundshme sipas llojit të trafikimit duhet të jenë sa VT-01 + VT-02."),
    ("VT-05", None, Comparator.EQUAL, [("VT-01", None), ("VT-02", None)], Severity.ERROR,
     "Viktimat dhe viktimat e mundshme sipas institucionit referues duhet të jenë sa VT-01 + VT-02."),
    ("CJ-01", None, Comparator.EQUAL, [("CJ-02", None), ("CJ-03", None)], Severity.ERROR,
     "Procedimet gjithsej duhet të jenë sa procedimet sipas nenit 110/a dhe nenit 128/b bashkë."),
    ("CJ-04", None, Comparator.AT_LEAST, [("CJ-05", None)], Severity.WARNING,
     "Të ndjekurit penalisht zakonisht nuk i kalojnë të dyshuarit."),
    ("CJ-05", None, Comparator.AT_LEAST, [("CJ-06", None), ("CJ-07", None)], Severity.WARNING,
     "Të dënuarit zakonisht nuk i kalojnë të ndjekurit penalisht."),
    ("PR-02", None, Comparator.AT_LEAST, [("PR-01", None)], Severity.ERROR,
     "Personat e trajnuar nuk mund të jenë më pak se trajnimet e zhvilluara."),
]
DEVIATIONS = [("VT-01", 100), ("VT-02", 100), ("PR-02", 80), ("PR-03", 60), ("AS-01", 75)]
# How the breakdowns are entered; indicators not listed keep the cross-table. Identified victims and potential
# victims may come either way: the Responsible Authority publishes one-way tables (by sex; by age; by form).
BREAKDOWN_LAYOUTS = {"VT-01": BreakdownLayout.BOTH, "VT-02": BreakdownLayout.BOTH}
# Breakdowns whose options overlap: one victim may be exploited in several forms.
OVERLAPPING = {("VT-01", "exploitation"), ("VT-02", "exploitation")}


def _say(stdout, verbosity, text):
    if stdout is not None and verbosity:
        stdout.write(text)


def _system_user():
    """The demo director signs the demo's changes when present."""
    return User.objects.filter(role=Role.DIRECTOR, is_active=True).order_by("pk").first()


def seed(*, stdout=None, verbosity=1):
    """The strategy and its action plan, the dimensions, the indicators and the periods of 2024–2026."""
    by = _system_user()
    plan = seed_plan(by=by)
    seed_dimensions(by=by)
    seed_indicators(plan=plan, by=by)
    seed_periods(plan=plan, by=by)
    _say(stdout, verbosity,
         f"Action plan: {plan.activities.count()} activities, {Indicator.objects.count()} indicators, "
         f"{ReportingPeriod.objects.count()} periods.")
    return plan


def seed_plan(*, by=None):
    strategy = Strategy.objects.filter(title=STRATEGY_TITLE).first()
    if strategy is None:
        strategy = services.strategy_create(by=by, title=STRATEGY_TITLE, start_year=2024, end_year=2030)
    plan = ActionPlan.objects.filter(strategy=strategy, title=PLAN_TITLE).first()
    if plan is None:
        plan = services.plan_create(by=by, strategy=strategy, title=PLAN_TITLE, start_year=FIRST_YEAR,
                                    end_year=LAST_YEAR, decision=PLAN_DECISION)
    header, rows = imports.read_upload(_NamedBytes((DATA / "demo_plan.csv").read_bytes(), "demo_plan.csv"))
    preview = imports.build_preview(plan, header, rows)
    if preview.problems:
        raise RuntimeError(f"demo_plan.csv does not import: {preview.problems[:3]}")
    if preview.has_changes:
        imports.import_apply(plan=plan, header=header, rows=rows, by=by)
    return plan


class _NamedBytes(io.BytesIO):
    """A file-like object with a name, as an upload has."""

    def __init__(self, data, name):
        super().__init__(data)
        self.name = name
        self.size = len(data)


def dimension_phrases():
    """{dimension code: (Albanian "by …" phrase, English)} of the shipped dimensions (data/dimension_phrases.csv)."""
    with (DATA / "dimension_phrases.csv").open(encoding="utf-8") as handle:
        return {row["code"]: (row["by_phrase_sq"], row["by_phrase_en"]) for row in csv.DictReader(handle)}


def seed_dimensions(*, by=None):
    with (DATA / "dimensions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    phrases = dimension_phrases()
    dimensions = {d.code: d for d in Dimension.objects.all()}
    existing = {(o.dimension.code, o.code) for o in DimensionOption.objects.select_related("dimension")}
    grouped = {}
    for row in rows:
        grouped.setdefault(row["dimension"], []).append(row)
    for code, options in grouped.items():
        new = [
            services.OptionValues(code=row["option"], name=row["option_sq"], name_en=row["option_en"], order=order,
                                  standard_code=row["standard"])
            for order, row in enumerate(options, start=1) if (code, row["option"]) not in existing
        ]
        dimension = dimensions.get(code)
        phrase, phrase_en = phrases.get(code, ("", ""))
        if dimension is None:
            services.dimension_create(by=by, code=code, name=options[0]["dimension_sq"],
                                      name_en=options[0]["dimension_en"], by_phrase=phrase, by_phrase_en=phrase_en,
                                      options=new)
        elif new:
            services.dimension_update(dimension=dimension, by=by, code=dimension.code, name=dimension.name,
                                      name_en=dimension.name_en, options=new)


def seed_indicators(*, plan, by=None):
    pillars = {p.code: p for p in Pillar.objects.filter(plan=plan)}
    dimensions = {d.code: d for d in Dimension.objects.all()}
    institutions = {i.code: i for i in Institution.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    for order, (code, name, name_en, unit, pillar, dims, kinds, codes) in enumerate(INDICATORS, start=1):
        time, authority = SEMANTICS.get(code, (TimeAggregation.FLOW, None))
        semantics = {
            "time_aggregation": time,
            "institution_aggregation": InstitutionAggregation.AUTHORITATIVE if authority else InstitutionAggregation.SUM,
            "authoritative_institution": institutions.get(authority),
            "standard_code": STANDARD_CODES.get(code, ""),
        }
        if code in indicators:
            indicator = indicators[code]
            if any(getattr(indicator, name) != value for name, value in semantics.items()):
                services.indicator_update(indicator=indicator, by=by, values=dataclasses.replace(
                    services.IndicatorValues.of(indicator), **semantics))
            continue
        layout = BREAKDOWN_LAYOUTS.get(code, BreakdownLayout.CROSS)
        indicator = services.indicator_create(by=by, values=services.IndicatorValues(
            code=code, name=name, name_en=name_en, unit=unit, pillar=pillars.get(pillar), breakdown_layout=layout,
            reporting_kinds=kinds, order=order, dimensions=[dimensions[d] for d in dims],
            reporting_institutions=[institutions[c] for c in codes if c in institutions], **semantics,
        ))
        indicators[code] = indicator
        for link in indicator.indicator_dimensions.filter(dimension__code__in=[d for c, d in OVERLAPPING if c == code]):
            link.options_overlap = True
            save_audited(link, by=by)
        # A cross-table adds up once; one-way tables each add up, so each dimension has its rule (with the
        # engine's own messages, which say what an overlapping or "at least" breakdown may do).
        if layout == BreakdownLayout.CROSS and dims:
            services.rule_create(indicator=indicator, by=by, kind=RuleKind.BREAKDOWN_SUM, dimension=dimensions[dims[0]],
                                 message="Ndarja sipas dimensionit duhet të përputhet me totalin.")
        elif dims:
            for dimension in dims:
                services.rule_create(indicator=indicator, by=by, kind=RuleKind.BREAKDOWN_SUM,
                                     dimension=dimensions[dimension])
        for own, threshold in DEVIATIONS:
            if own == code:
                services.rule_create(indicator=indicator, by=by, kind=RuleKind.DEVIATION, threshold_percent=threshold,
                                     severity=Severity.WARNING,
                                     message="Vlera ndryshon shumë nga tremujorët e mëparshëm: jepni një shpjegim.")
    seed_relations(indicators=indicators, by=by)


def seed_relations(*, indicators, by=None):
    """The consistency rules between indicators (RELATIONS), each created once."""
    options = {(o.dimension.code, o.code): o for o in DimensionOption.objects.select_related("dimension")}
    existing = {(r.indicator_id, r.option_id, r.comparator, tuple((t.indicator_id, t.option_id) for t in r.terms.all()))
                for r in ValidationRule.objects.filter(kind=RuleKind.RELATION).prefetch_related("terms")}
    for code, part, comparator, terms, severity, message in RELATIONS:
        option = options[part] if part else None
        right = [(indicators[c], options[p] if p else None) for c, p in terms]
        key = (indicators[code].pk, option.pk if option else None, comparator,
               tuple((i.pk, o.pk if o else None) for i, o in right))
        if key in existing:
            continue
        services.rule_create(indicator=indicators[code], by=by, kind=RuleKind.RELATION, option=option,
                             comparator=comparator, terms=right, severity=severity, message=message)


def seed_periods(*, plan, by=None, today=None):
    """Every quarter of the plan's years: open, or planned when it has not begun (states are set later)."""
    today = today or timezone.localdate()
    existing = set(ReportingPeriod.objects.values_list("year", "quarter"))
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for quarter in range(1, 5):
            if (year, quarter) in existing:
                continue
            period = ReportingPeriod(plan=plan, year=year, quarter=quarter, opens_on=today, due_on=today)
            period.opens_on = period.starts_on
            period.due_on = services.default_due_on(year, quarter)
            period.status = PeriodStatus.PLANNED if period.starts_on > today else PeriodStatus.OPEN
            save_audited(period, by=by, reason="Demo")


def target_state(period, today):
    """The state a period has on `today`: the running quarter open, the previous one closed, older ones locked."""
    current = quarter_sequence(*quarter_of(today))
    if period.sequence > current:
        return PeriodStatus.PLANNED
    if period.sequence == current:
        return PeriodStatus.OPEN
    if period.sequence == current - 1:
        return PeriodStatus.CLOSED
    return PeriodStatus.LOCKED


def transition_path(source, target):
    """The shortest list of actions (services.PERIOD_TRANSITIONS) from one state to another."""
    queue, seen = deque([(source, [])]), {source}
    while queue:
        state, path = queue.popleft()
        if state == target:
            return path
        for action, (sources, result) in services.PERIOD_TRANSITIONS.items():
            if state in sources and result not in seen and action not in services.PERIOD_REASON_REQUIRED:
                seen.add(result)
                queue.append((result, path + [action]))
    return None


def set_period_states(*, stdout=None, verbosity=1, today=None):
    """Move each demo period to its real state for today, through the services (so it is recorded)."""
    today = today or timezone.localdate()
    by = _system_user()
    moved = 0
    for period in ReportingPeriod.objects.order_by("year", "quarter"):
        for action in transition_path(period.status, target_state(period, today)) or []:
            period = services.PERIOD_SERVICES[action](period=period, by=by, reason="Demo")
            moved += 1
    _say(stdout, verbosity, f"Reporting periods: {moved} state changes.")
