"""The public tables of a span (a year or a quarter), built once when the director publishes, then frozen.

Every number comes from the one computation of each question, never a second one:

* statistics: `reports.figures` (accepted reports only; a flow summed over the quarters, a stock the last
  quarter's value, an authoritative indicator its institution's figure alone) — then `suppression`, so the
  frozen tables hold only what the public may see: a hidden count is stored as its flag, never as a number;
* the implementation of the action plan: `reports.selectors.activity_status` (the lead's latest accepted
  status, late past the deadline) counted in the committee report's categories;
* reporting on time: the committee report's coverage table (`reports.committee.statistics`), which asks
  `reports.selectors.follow_up` whether a quarter is due (before the due date nothing is missing).

Indicators linked by a relation rule that states an equality (VT-04 = VT-01 + VT-02) are not all published:
the left-hand side is left out when every indicator of the rule would be; and where any other relation or
bound (VT-01 [minors] ≥ VT-06) touches a hidden cell, only the first indicator of the rule is published. So a
hidden cell cannot be worked out from another indicator either (relations the unit has not declared as
rules are not known here). Counts (persons, and events, to be safe) are suppressed; amounts and
percentages are not.
"""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import override

from reports.committee.compile import CATEGORIES, category_of
from reports.committee.statistics import coverage_and_discipline
from reports.figures import FigureSource
from reports.selectors.activity_status import AsOf, with_status
from strategy.choices import Comparator, IndicatorUnit, RuleKind
from strategy.models import Activity, DimensionOption, Indicator, ValidationRule
from strategy.quarters import quarter_label

from . import suppression

SCHEMA_VERSION = 1
UNSTATED = "NOT_STATED"


def both(name, name_en):
    """A label in both languages (English falls back to Albanian)."""
    return {"sq": name, "en": name_en or name}


def span_label(year, quarter):
    return {lang: (str(year) if not quarter else _quarter_label(year, quarter, lang)) for lang in ("sq", "en")}


def _quarter_label(year, quarter, language):
    with override(language):
        return str(quarter_label(year, quarter))


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def published_indicator_ids(candidate_ids):
    """The indicators to publish of `candidate_ids`: each left-hand side of an equality rule whose indicators
    would all be published is left out (its figures follow from the others)."""
    chosen = set(candidate_ids)
    rules = (ValidationRule.objects.filter(kind=RuleKind.RELATION, comparator=Comparator.EQUAL, is_active=True)
             .prefetch_related("terms").order_by("-indicator__order", "-indicator__code"))
    for rule in rules:
        linked = {rule.indicator_id, *(term.indicator_id for term in rule.terms.all())}
        if len(linked) > 1 and linked <= chosen:
            chosen.discard(rule.indicator_id)
    return chosen


def _breakdown_rows(figures, standard_codes, suppressed):
    """[(meta, values, additive)] of an indicator's breakdowns, with a "not stated" cell where the reported
    cells add up to less than the total."""
    rows = []
    total = figures.total
    for breakdown in figures.breakdowns:
        cells = [{"code": o.code, "name": both(o.name, o.name_en), "standard": standard_codes.get(o.option_id, "")}
                 for o in breakdown.options]
        values = [_number(o.value) for o in breakdown.options]
        additive = not breakdown.overlapping and suppressed
        if additive and total is not None:
            present = sum(v or 0 for v in values)
            if present < total:
                cells.append({"code": UNSTATED, "name": both("E padeklaruar", "Not stated"), "standard": ""})
                values.append(_number(Decimal(total) - present))
            elif present > total:
                additive = False  # inconsistent reports: no equation a reader could use
        meta = {"code": breakdown.code, "name": both(breakdown.name, breakdown.name_en),
                "overlapping": breakdown.overlapping}
        rows.append((meta, cells, values, additive))
    return rows


def indicator_table(figures, indicator, standard_codes):
    """One indicator's public table: total and breakdowns, suppressed when it counts."""
    suppressed = indicator.unit == IndicatorUnit.COUNT
    total = _number(figures.total)
    rows = _breakdown_rows(figures, standard_codes, suppressed)
    if suppressed:
        table = suppression.suppress(total, [suppression.Breakdown(values, additive)
                                             for _m, _c, values, additive in rows])
        total_flag, flags, withheld = table.total_flag, table.flags, table.withheld
    else:
        total_flag, flags, withheld = "", [[""] * len(values) for _m, _c, values, _a in rows], set()
    breakdowns = []
    for b, (meta, cells, values, _additive) in enumerate(rows):
        if b in withheld:
            breakdowns.append({**meta, "withheld": True, "cells": []})
            continue
        for cell, value, flag in zip(cells, values, flags[b], strict=True):
            cell.update(value=None if flag else value, flag=flag)
        breakdowns.append({**meta, "withheld": False, "cells": cells})
    quarters = len(figures.quarters)
    return {
        "code": figures.code, "name": both(figures.name, figures.name_en), "unit": figures.unit,
        "standard": indicator.standard_code, "time_aggregation": figures.time_aggregation,
        "suppressed": suppressed, "total": {"value": None if total_flag else total, "flag": total_flag},
        "quarters": quarters, "complete_quarters": figures.complete_quarters,
        "partial": figures.complete_quarters < quarters, "breakdowns": breakdowns,
    }


def _cell_flag(table, option_code):
    """The suppression flag of an indicator's total (None) or of the cell of one option in its public table."""
    if option_code is None:
        return table["total"]["flag"]
    for breakdown in table["breakdowns"]:
        if breakdown["withheld"] and any(c["code"] == option_code for c in breakdown["cells"]):
            return suppression.HIDDEN
        for cell in breakdown["cells"]:
            if cell["code"] == option_code:
                return cell["flag"]
    return ""


def _related_sides(tables_by_id):
    """For each relation or bound rule between published indicators that touches a hidden cell: the rule's
    indicators. Such a rule is a second equation or bound on the hidden cell (VT-01 [minors] ≥ VT-06)."""
    rules = (ValidationRule.objects.filter(kind__in=[RuleKind.RELATION, RuleKind.LESS_OR_EQUAL], is_active=True,
                                           indicator_id__in=tables_by_id)
             .select_related("option").prefetch_related("terms__option"))
    for rule in rules:
        sides = [(rule.indicator_id, rule.option.code if rule.option_id else None)]
        if rule.kind == RuleKind.LESS_OR_EQUAL:
            sides.append((rule.other_indicator_id, None))
        else:
            sides += [(t.indicator_id, t.option.code if t.option_id else None) for t in rule.terms.all()]
        if len({i for i, _o in sides}) < 2 or any(i not in tables_by_id for i, _o in sides):
            continue
        if any(_cell_flag(tables_by_id[i], option) for i, option in sides):
            yield [i for i, _o in sides]


def statistics(periods):
    """The public statistics of the span, grouped by pillar (the indicators' own pillar)."""
    source = FigureSource.load(None, periods)
    figures = source.span(periods, institutions=False)
    ids = published_indicator_ids(figures)
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=ids).select_related("pillar")}
    standard_codes = dict(DimensionOption.objects.filter(
        dimension__indicator_dimensions__indicator_id__in=ids).values_list("id", "standard_code"))
    built = {pk: indicator_table(figures[pk], indicator, standard_codes) for pk, indicator in indicators.items()}
    # A rule that ties a hidden cell to another published indicator keeps only the first of its indicators.
    order = {pk: (i.order, i.code) for pk, i in indicators.items()}
    for linked in _related_sides(built):
        keep = min(linked, key=order.get)
        for pk in linked:
            if pk != keep:
                built.pop(pk, None)
    sections, by_pillar = [], {}
    for indicator_id in figures:
        if indicator_id not in built:
            continue
        pillar = indicators[indicator_id].pillar
        key = pillar.code if pillar else ""
        if key not in by_pillar:
            by_pillar[key] = {"pillar": key, "title": both(pillar.title, pillar.title_en) if pillar else
                              both("Të tjera", "Other"), "order": (pillar.order if pillar else 99, key),
                              "indicators": []}
            sections.append(by_pillar[key])
        by_pillar[key]["indicators"].append(built[indicator_id])
    sections.sort(key=lambda s: s.pop("order"))
    return sections


def implementation(periods):
    """Activities of the plan by pillar and by lead institution, in the committee report's categories, as of
    the span's last quarter (the one activity-status rule)."""
    last = max(periods, key=lambda p: (p.year, p.quarter))
    activities = with_status(
        Activity.objects.filter(plan_id=last.plan_id, is_archived=False, objective__is_archived=False),
        as_of=AsOf.end_of(last),
    ).values("objective__pillar__code", "objective__pillar__title", "objective__pillar__title_en",
             "objective__pillar__order", "lead_institution__code", "lead_institution__name",
             "lead_institution__name_en", "lead_status", "is_late")
    pillars, institutions = {}, {}
    for row in activities:
        category = category_of(row["lead_status"], row["is_late"])
        for groups, key, order, label in (
            (pillars, row["objective__pillar__code"], row["objective__pillar__order"],
             both(row["objective__pillar__title"], row["objective__pillar__title_en"])),
            (institutions, row["lead_institution__code"] or "", 0,
             both(row["lead_institution__name"] or "—", row["lead_institution__name_en"])),
        ):
            group = groups.setdefault(key, {"code": key, "name": label, "order": (order, key),
                                            "counts": dict.fromkeys(CATEGORIES, 0), "total": 0})
            group["counts"][category] += 1
            group["total"] += 1
    result = {}
    for name, groups in (("pillars", pillars), ("institutions", institutions)):
        rows = sorted(groups.values(), key=lambda g: g["order"])
        for row in rows:
            row.pop("order")
        result[name] = rows
    result["categories"] = CATEGORIES
    return result


def reporting(periods):
    """Per institution: the span's quarterly reports accepted on time, late, not accepted yet, not submitted
    (missing) and not yet due — the committee report's coverage table."""
    today = timezone.localdate()
    names = {}
    rows = {}
    for language in ("sq", "en"):
        _coverage, discipline = coverage_and_discipline(periods, language, today)
        for row in discipline["rows"]:
            names.setdefault(row["code"], {})[language] = row["name"]
            counts = defaultdict(int)
            for cell in row["cells"]:
                state = "missing" if cell["state"] in ("missing",) else cell["state"]
                state = "pending" if state == "draft" else state
                counts[state] += 1
            rows[row["code"]] = counts
    states = ["on_time", "late", "pending", "missing", "not_yet_due"]
    return {
        "states": states,
        "institutions": [{"code": code, "name": names[code], **{s: rows[code].get(s, 0) for s in states}}
                         for code in sorted(rows)],
    }


def build(periods, *, year, quarter):
    """Everything the public sees of a span, frozen at publication."""
    periods = sorted(periods, key=lambda p: (p.year, p.quarter))
    return {
        "schema": SCHEMA_VERSION,
        "span": {"year": year, "quarter": quarter, "label": span_label(year, quarter),
                 "quarters": [both(_quarter_label(p.year, p.quarter, "sq"), _quarter_label(p.year, p.quarter, "en"))
                              for p in periods]},
        "threshold": suppression.threshold(),
        "statistics": statistics(periods),
        "implementation": implementation(periods),
        "reporting": reporting(periods),
    }
