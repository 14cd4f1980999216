"""The coverage, statistics and data-quality parts of a committee report's figures.

* **Coverage** per quarter: the reports expected, accepted, submitted but not accepted, draft, missing and
  not yet due. A report is *missing* only once its due date has passed without a submission (a draft is
  not a submission); before the due date nothing is missing.
* **Statistics**: each indicator's national figure from `reports.figures` (a flow summed, a stock taken
  at the span's last quarter with data, an authoritative institution's figure alone with the others as
  cross-checks), against the previous equivalent span: like for like (the same institutions in the same
  quarters) or with a warning and the change on the institution-quarters present in both spans.
* **Trend**: the key indicators per quarter, with the quarters whose figure is incomplete marked.
* **Data quality**: every active rule that relates figures to each other (relations between indicators and
  slices, bounds, breakdowns adding up) checked on the national figures: passed, failed, or not checked
  for want of a figure.
"""

from django.db.models import DurationField, ExpressionWrapper, F, Prefetch
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from antitrafik.models import bilingual
from institutions.models import Institution
from reports.choices import ReportStatus
from reports.figures import FigureSource
from reports.models import QuarterlyReport
from reports.selectors.follow_up import is_due
from reports.validation import relation_result
from strategy.choices import RuleKind, Severity, TimeAggregation
from strategy.models import RuleTerm, ValidationRule
from strategy.quarters import quarter_from_sequence, quarter_label, quarter_sequence

from .formatting import as_number


def sequence_label(sequence):
    return quarter_label(*quarter_from_sequence(sequence))

KEY_INDICATORS = 4
CELL_STATES = ["on_time", "late", "pending", "draft", "missing", "not_yet_due"]
DATA_QUALITY_KINDS = [RuleKind.RELATION, RuleKind.LESS_OR_EQUAL, RuleKind.BREAKDOWN_SUM]


def _seq(period):
    return quarter_sequence(period.year, period.quarter)


# -- coverage and reporting discipline ------------------------------------------------------------

def coverage_and_discipline(periods, language, today):
    """Coverage per quarter and the discipline table: one row per institution, one cell per quarter (2 queries)."""
    span_ids = [p.pk for p in periods]
    due = {p.pk: is_due(p, today) for p in periods}  # the board's rule: nothing is missing before it is due
    institutions = {
        i["id"]: i for i in Institution.objects.reporting().order_by("code").values("id", "code", "name", "name_en")
    }
    rows = (
        QuarterlyReport.objects.filter(period_id__in=span_ids)
        .annotate(days_late=ExpressionWrapper(TruncDate("first_submitted_at") - F("period__due_on"),
                                              output_field=DurationField()))
        .values("institution_id", "institution__code", "institution__name", "institution__name_en",
                "period_id", "status", "times_returned", "days_late")
    )
    cells = {}
    for row in rows:
        institutions.setdefault(row["institution_id"], {
            "id": row["institution_id"], "code": row["institution__code"],
            "name": row["institution__name"], "name_en": row["institution__name_en"],
        })
        days = row["days_late"].days if row["days_late"] is not None else None
        started = False
        if row["status"] == ReportStatus.ACCEPTED:
            state = "late" if days is not None and days > 0 else "on_time"
        elif row["status"] == ReportStatus.DRAFT:
            state, started = ("missing" if due[row["period_id"]] else "draft"), True
        else:
            state = "pending"
        cells[(row["institution_id"], row["period_id"])] = {
            "state": state, "days_late": days if state == "late" else 0,
            "returned": row["times_returned"] or 0, "started": started,
        }
    summary = dict.fromkeys(["on_time", "late", "returned", "pending", "draft", "missing", "not_yet_due"], 0)
    per_period = {pid: dict.fromkeys(CELL_STATES, 0) for pid in span_ids}
    table, missing, included = [], [], 0
    for inst in sorted(institutions.values(), key=lambda i: i["code"]):
        row_cells = []
        for pid in span_ids:
            empty = "missing" if due[pid] else "not_yet_due"
            cell = cells.get((inst["id"], pid), {"state": empty, "days_late": 0, "returned": 0, "started": False})
            summary[cell["state"]] += 1
            per_period[pid][cell["state"]] += 1
            if cell["returned"]:
                summary["returned"] += 1
            row_cells.append(cell)
        name = bilingual(inst["name"], inst["name_en"], language)
        if any(c["state"] in ("on_time", "late") for c in row_cells):
            included += 1
        else:
            missing.append({"code": inst["code"], "name": name})
        table.append({"code": inst["code"], "name": name, "cells": row_cells})
    expected = len(institutions)
    quarters = []
    for p in periods:
        counts = per_period[p.pk]
        accepted = counts["on_time"] + counts["late"]
        share = round(100 * accepted / expected, 1) if expected else 100.0
        quarters.append({
            "label": quarter_label(p.year, p.quarter), "due_on": p.due_on.strftime("%d.%m.%Y"), "is_due": due[p.pk],
            "expected": expected, "accepted": accepted, "pending": counts["pending"], "draft": counts["draft"],
            "missing": counts["missing"], "not_yet_due": counts["not_yet_due"], "share": share,
            "complete": accepted == expected,
        })
    coverage = {
        "expected": expected,
        "included": included,
        "missing": missing,
        "as_of": today.strftime("%d.%m.%Y"),
        "per_period": quarters,
        "lowest_share": min((q["share"] for q in quarters), default=100.0),
        "complete": all(q["complete"] for q in quarters),
    }
    return coverage, {"rows": table, "summary": summary}


# -- statistics and trend -------------------------------------------------------------------------

def _percent(value):
    """A percentage as a JSON number with one decimal (50.0, not 50)."""
    return None if value is None else float(value)


def _institution_rows(figures, language):
    return [{"code": i.code, "name": i.label(language), "value": as_number(i.value)} for i in figures.institutions]


def _breakdowns(figures, previous, language):
    previous_options = {}
    if previous is not None:
        for breakdown in previous.breakdowns:
            for option in breakdown.options:
                previous_options[option.option_id] = option.value
    result = []
    for breakdown in figures.breakdowns:
        result.append({
            "dimension": breakdown.label(language),
            "by": breakdown.by_label(language),
            "overlapping": breakdown.overlapping,
            "sum": as_number(breakdown.sum),
            "adds_up": breakdown.adds_up,
            "options": [{"name": o.label(language), "value": as_number(o.value),
                         "previous": as_number(previous_options.get(o.option_id))} for o in breakdown.options],
        })
    return result


def _stock_label(figures):
    quarter = figures.stock_quarter if figures is not None else None
    return quarter_label(quarter.year, quarter.quarter) if quarter is not None else None


def statistics_and_trend(periods, window, prev_start, end_seq, language):
    """Each indicator's national figures against the previous span, and the key indicators per quarter.

    `window` holds the ReportingPeriods from the previous span's first quarter to this span's last."""
    start_seq = _seq(periods[0])
    shift = start_seq - prev_start
    previous_periods = [p for p in window if prev_start <= _seq(p) < prev_start + len(periods)]
    source = FigureSource.load(None, window)
    current = source.span(periods)
    previous = source.span(previous_periods, institutions=False) if previous_periods else {}
    result, national = [], {}
    for indicator_id, figures in current.items():
        if figures.total is None and not figures.breakdowns:
            continue
        national[indicator_id] = figures
        before = previous.get(indicator_id)
        comparison = (source.compare(indicator_id, periods, previous_periods, shift=shift, current=figures,
                                     previous=before) if before is not None else None)
        authority = figures.authority
        incomplete = [quarter_label(q.year, q.quarter) for q in figures.quarters if not q.complete]
        common = None
        if comparison is not None and not comparison.like_for_like and comparison.common_current is not None:
            common = {"current": as_number(comparison.common_current), "previous": as_number(comparison.common_previous),
                      "change": as_number(comparison.common_change),
                      "change_percent": _percent(comparison.common_change_percent)}
        institutions = _institution_rows(figures, language)
        result.append({
            "id": indicator_id,
            "code": figures.code, "name": figures.label(language), "unit": figures.unit,
            "time": figures.time_aggregation,
            "authoritative": figures.is_authoritative,
            "source": ({"code": authority.code, "name": authority.label(language)} if authority is not None
                       else None),
            "total": as_number(figures.total),
            "stock_quarter": _stock_label(figures),
            "previous": as_number(before.total) if before is not None else None,
            "previous_stock_quarter": _stock_label(before),
            "change": as_number(comparison.change) if comparison else None,
            "change_percent": _percent(comparison.change_percent) if comparison else None,
            "like_for_like": comparison.like_for_like if comparison else None,
            "reports": len(figures.contributions),
            "previous_reports": comparison.previous_reports if comparison else 0,
            "common": common,
            "coverage": {"complete": figures.complete_quarters, "quarters": len(figures.quarters),
                         "incomplete": incomplete},
            "institutions_counted": sum(1 for i in figures.institutions if i.counted and i.value is not None),
            "cross_checks": [row for row, i in zip(institutions, figures.institutions, strict=True) if not i.counted],
            "breakdowns": _breakdowns(figures, before, language),
        })

    sequences = list(range(prev_start, end_seq + 1))
    by_sequence = {_seq(p): p for p in window}
    series = []
    for row in [r for r in result if r["total"] is not None]:
        if len(series) == KEY_INDICATORS:
            break
        quarters = {q.period_id: q for q in source.figures_of(row["id"], window, institutions=False).quarters}
        points = [quarters.get(by_sequence[s].pk) if s in by_sequence else None for s in sequences]
        values = [as_number(q.value) if q else None for q in points]
        if any(values == other["values"] for other in series):
            continue  # the same people counted by another breakdown (VT-04 = VT-03): one line is enough
        series.append({"code": row["code"], "name": row["name"], "values": values,
                       "complete": [bool(q and q.complete) for q in points]})
    incomplete = [any(not s["complete"][i] for s in series) for i in range(len(sequences))]
    trend = {"labels": [sequence_label(s) for s in sequences], "series": series,
             "span_starts_at": sequences.index(start_seq), "incomplete": incomplete}
    for row in result:
        del row["id"]
    return result, trend, national


# -- data quality -----------------------------------------------------------------------------------

def data_quality(national, language):
    """Every active rule relating figures to each other, checked on the national figures (2 queries)."""
    rules = (
        ValidationRule.objects.filter(is_active=True, kind__in=DATA_QUALITY_KINDS)
        .select_related("indicator", "option", "other_indicator", "dimension")
        .prefetch_related(Prefetch("terms", queryset=RuleTerm.objects.select_related("indicator", "option")))
        .order_by("indicator__order", "indicator__code", "pk")
    )

    def value_of(indicator, option):
        figures = national.get(indicator.pk)
        if figures is None:
            return None
        return figures.total if option is None else figures.option_value(option.pk)

    entries = []
    for rule in rules:
        if rule.kind == RuleKind.RELATION:
            result = relation_result(rule, list(rule.terms.all()), value_of)
            relation, status, missing = result.relation, result.status, result.missing
            sides = result.sides
        elif rule.kind == RuleKind.LESS_OR_EQUAL:
            left, right = value_of(rule.indicator, None), value_of(rule.other_indicator, None)
            relation = f"{rule.indicator.code} ≤ {rule.other_indicator.code}"
            sides = [(rule.indicator.code, left), (rule.other_indicator.code, right)]
            missing = [label for label, value in sides if value is None]
            status = "skipped" if missing else ("pass" if left <= right else "fail")
        else:
            figures = national.get(rule.indicator_id)
            breakdown = next((b for b in figures.breakdowns if b.dimension_id == rule.dimension_id), None) \
                if figures is not None else None
            overlapping = breakdown is not None and breakdown.overlapping
            dimension = rule.dimension.label
            relation = (_("%(code)s, breakdown “%(dimension)s” ≥ total (options can overlap)") if overlapping
                        else _("%(code)s, breakdown “%(dimension)s” = total")) % {"code": rule.indicator.code,
                                                                                   "dimension": dimension}
            total = figures.total if figures is not None else None
            sides = [(_("total"), total), (dimension, breakdown.sum if breakdown is not None else None)]
            missing = [label for label, value in sides if value is None]
            if figures is not None and figures.time_aggregation == TimeAggregation.RATE:
                missing = missing or [_("a rate's breakdown")]
            status = "skipped" if missing or breakdown is None or breakdown.adds_up is None else (
                "pass" if breakdown.adds_up else "fail")
        note = ""
        if status == "skipped":
            note = _("Not checked: no accepted figure for %(missing)s in the span.") % {
                "missing": ", ".join(str(m) for m in missing) or rule.indicator.code}
        elif status == "fail" and rule.message:
            note = rule.message
        entries.append({
            "indicator": rule.indicator.code,
            "relation": relation,
            "kind": rule.kind,
            "severity": rule.severity,
            "status": status,
            "sides": [{"label": str(label), "value": as_number(value)} for label, value in sides],
            "note": note,
        })
    summary = {"pass": 0, "fail": 0, "warning": 0, "skipped": 0}
    for entry in entries:
        if entry["status"] == "fail" and entry["severity"] == Severity.WARNING:
            entry["status"] = "warning"
        summary[entry["status"]] += 1
    return {"rules": entries, "summary": summary}
