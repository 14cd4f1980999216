"""Compile a committee report's figures from ACCEPTED quarterly reports, aggregated in SQL.

The result is a plain, JSON-ready dict (the "figures"): the same object feeds the page, the PDF,
the XLSX/CSV exports and, once the report is finalised, the frozen copy. Compiling runs a fixed
number of queries whatever the number of institutions, activities, indicators or quarters: every
aggregation is a `values().annotate()` in the database and Python only walks the aggregated rows.

Rules the figures follow (also printed in the report):

* An activity's status and whether it is late follow the one rule of
  `reports.selectors.activity_status`, read as of the span's last quarter: the status its lead
  institution gave in its latest accepted report up to that quarter (an activity reported implemented
  earlier stays implemented), and *delayed* (late) when its deadline fell before the span's last day
  (or before today, while the span runs) and it is neither implemented nor not applicable. Delayed
  replaces the reported status in the counts. Activities without an accepted status of their lead
  count as not started (or delayed).
* Money spent is what the accepted reports of the span say (lead and partners alike).
* Red/amber/green per objective: red when at least a third of its activities are delayed; amber
  when any is delayed or more than half are not started; green otherwise.
* The previous equivalent span is the same quarters one year earlier (for spans longer than a year,
  the same quarters as many whole years earlier as the span covers).
"""

import math
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import (
    DurationField,
    ExpressionWrapper,
    F,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from antitrafik.models import bilingual
from institutions.models import Institution
from reports.choices import ProgressStatus, ReportStatus, SpanKind
from reports.models import ActivityProgress, QuarterlyReport, StatValue
from reports.selectors.activity_status import AsOf, with_status
from strategy.models import Activity, DimensionOption, Indicator, IndicatorDimension, Objective, ReportingPeriod
from strategy.quarters import quarter_from_sequence, quarter_label, quarter_sequence

SCHEMA_VERSION = 1
CATEGORIES = ["implemented", "partial", "in_progress", "not_started", "delayed", "not_applicable"]
KEY_INDICATORS = 4
RED_DELAYED_SHARE = Decimal(1) / Decimal(3)
AMBER_NOT_STARTED_SHARE = Decimal(1) / Decimal(2)


class NoAcceptedData(ValidationError):
    """The span has no accepted quarterly report: there is nothing to compile."""


def _sequence_label(sequence):
    return quarter_label(*quarter_from_sequence(sequence))


def span_label(periods):
    first, last = periods[0], periods[-1]
    if len(periods) == 1:
        return quarter_label(first.year, first.quarter)
    return f"{quarter_label(first.year, first.quarter)} – {quarter_label(last.year, last.quarter)}"


def span_problems(periods):
    """Why these periods do not make a span (empty list when they do): none, several plans, a gap."""
    periods = sorted(periods, key=lambda p: p.sequence)
    if not periods:
        return [_("Choose at least one reporting period.")]
    if len({p.plan_id for p in periods}) > 1:
        return [_("All periods must belong to the same action plan.")]
    sequences = [p.sequence for p in periods]
    if sequences != list(range(sequences[0], sequences[0] + len(sequences))):
        return [_("The periods must follow one another without a gap (for example Q1–Q4 2025).")]
    return []


def span_kind_of(periods):
    """Quarter, half-year (Q1–Q2 or Q3–Q4 of a year), year (Q1–Q4 of a year) or another run of periods."""
    periods = sorted(periods, key=lambda p: p.sequence)
    quarters = [p.quarter for p in periods]
    same_year = len({p.year for p in periods}) == 1
    if len(periods) == 1:
        return SpanKind.QUARTER
    if same_year and quarters in ([1, 2], [3, 4]):
        return SpanKind.HALF_YEAR
    if same_year and quarters == [1, 2, 3, 4]:
        return SpanKind.YEAR
    return SpanKind.CUSTOM


def _number(value):
    """A Decimal from the database as a JSON number: int when whole, else a float with two decimals."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 2))


def _change(current, previous):
    if current is None or previous is None:
        return None, None
    change = _number(Decimal(str(current)) - Decimal(str(previous)))
    percent = round(100 * (current - previous) / previous, 1) if previous else None
    return change, percent


def compile_figures(*, periods, language):
    """The figures of a report over `periods` (ReportingPeriod objects of one plan, consecutive), in `language`.

    Raises ValidationError for a bad span and NoAcceptedData when no accepted report falls in it.
    """
    problems = span_problems(periods)
    if problems:
        raise ValidationError(problems)
    with override(language):
        return _compile(sorted(periods, key=lambda p: p.sequence), language)


def _compile(periods, language):
    start_seq, end_seq = periods[0].sequence, periods[-1].sequence
    shift = 4 * math.ceil(len(periods) / 4)
    prev_start, prev_end = start_seq - shift, end_seq - shift
    span_ids = [p.pk for p in periods]
    span_end = periods[-1].ends_on

    # 1. The periods of the trend window: the previous equivalent span up to the end of this one.
    window = list(
        ReportingPeriod.objects.annotate(seq=quarter_sequence(F("year"), F("quarter")))
        .filter(seq__gte=prev_start, seq__lte=end_seq)
        .order_by("year", "quarter")
        .values("id", "year", "quarter", "seq")
    )
    prev_ids = [w["id"] for w in window if prev_start <= w["seq"] <= prev_end]
    seq_of_period = {w["id"]: w["seq"] for w in window}

    coverage, discipline = _discipline(periods, span_ids, language)
    if not coverage["included"]:
        # Lazy message: it is shown in the reader's language, not the report's.
        raise NoAcceptedData(
            gettext_lazy("There is no accepted quarterly report in %(span)s: there is nothing to compile yet."),
            code="no_accepted_data",
            params={"span": span_label(periods)},
        )

    implementation = _implementation(periods, language)
    statistics, trend = _statistics(span_ids, prev_ids, window, seq_of_period, start_seq, prev_start, end_seq, language)

    return {
        "schema": SCHEMA_VERSION,
        "language": language,
        "compiled_at": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        "span": {
            "label": span_label(periods),
            "kind": span_kind_of(periods),
            "start": periods[0].starts_on.strftime("%d.%m.%Y"),
            "end": span_end.strftime("%d.%m.%Y"),
            "periods": [
                {"id": p.pk, "label": quarter_label(p.year, p.quarter), "due_on": p.due_on.strftime("%d.%m.%Y")}
                for p in periods
            ],
        },
        "previous_span": {
            "label": _sequence_label(prev_start) if prev_start == prev_end
            else f"{_sequence_label(prev_start)} – {_sequence_label(prev_end)}",
            "has_data": any(i["previous"] is not None for i in statistics),
        },
        "coverage": coverage,
        "implementation": implementation,
        "discipline": discipline,
        "statistics": statistics,
        "trend": trend,
    }


def _discipline(periods, span_ids, language):
    """Coverage and reporting discipline: one row per institution, one cell per period (2 queries)."""
    institutions = {
        i["id"]: i for i in Institution.objects.reporting().order_by("code").values("id", "code", "name", "name_en")
    }
    rows = (
        QuarterlyReport.objects.filter(period_id__in=span_ids)
        .annotate(
            days_late=ExpressionWrapper(TruncDate("first_submitted_at") - F("period__due_on"),
                                        output_field=DurationField()),
        )
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
        if row["status"] != ReportStatus.ACCEPTED:
            state = "pending"
        elif days is not None and days > 0:
            state = "late"
        else:
            state = "on_time"
        cells[(row["institution_id"], row["period_id"])] = {
            "state": state,
            "days_late": days if state == "late" else 0,
            "returned": row["times_returned"] or 0,
        }
    summary = dict.fromkeys(["on_time", "late", "returned", "pending", "missing"], 0)
    per_period = {pid: 0 for pid in span_ids}
    table, missing, included = [], [], 0
    for inst in sorted(institutions.values(), key=lambda i: i["code"]):
        row_cells = []
        for pid in span_ids:
            cell = cells.get((inst["id"], pid), {"state": "missing", "days_late": 0, "returned": 0})
            summary[cell["state"]] += 1
            if cell["returned"]:
                summary["returned"] += 1
            if cell["state"] in ("on_time", "late"):
                per_period[pid] += 1
            row_cells.append(cell)
        name = bilingual(inst["name"], inst["name_en"], language)
        if any(c["state"] in ("on_time", "late") for c in row_cells):
            included += 1
        else:
            missing.append({"code": inst["code"], "name": name})
        table.append({"code": inst["code"], "name": name, "cells": row_cells})
    coverage = {
        "expected": len(institutions),
        "included": included,
        "missing": missing,
        "per_period": [
            {"label": quarter_label(p.year, p.quarter), "accepted": per_period[p.pk], "expected": len(institutions)}
            for p in periods
        ],
    }
    return coverage, {"rows": table, "summary": summary}


def _spent_in_span(plan_id, span_ids):
    """activity id → the money spent on it according to the span's accepted reports (one GROUP BY)."""
    rows = (
        ActivityProgress.objects.filter(
            report__status=ReportStatus.ACCEPTED, report__period_id__in=span_ids,
            activity__plan_id=plan_id, activity__is_archived=False,
        )
        .values("activity_id")
        .annotate(spent=Sum("spent"))
        .order_by()
    )
    return {row["activity_id"]: row["spent"] for row in rows}


def category_of(status, is_late):
    """An activity's category in the span: delayed when late, else its status (not started when it has none)."""
    if is_late:
        return "delayed"
    return status or ProgressStatus.NOT_STARTED


def rag_of(counts):
    """Red/amber/green of an objective from its category counts (see the module's docstring)."""
    total = sum(v for k, v in counts.items() if k != "not_applicable")
    if not total:
        return "none"
    if Decimal(counts.get("delayed", 0)) / total >= RED_DELAYED_SHARE:
        return "red"
    if counts.get("delayed", 0) or Decimal(counts.get("not_started", 0)) / total > AMBER_NOT_STARTED_SHARE:
        return "amber"
    return "green"


def _implementation(periods, language):
    """Counts per pillar and objective, RAG, money planned and spent, and the delayed activities (3 queries).

    Status and lateness: the one rule (reports.selectors.activity_status) as of the span's last quarter.
    """
    plan_id, span_ids = periods[0].plan_id, [p.pk for p in periods]
    objectives = list(
        Objective.objects.filter(plan_id=plan_id, is_archived=False)
        .order_by("pillar__order", "pillar__code", "sort_key")
        .values("id", "code", "title", "pillar_id", "pillar__code", "pillar__title", "pillar__title_en")
    )
    spent_by_activity = _spent_in_span(plan_id, span_ids)
    activities = (
        with_status(Activity.objects.filter(plan_id=plan_id, is_archived=False, objective__is_archived=False),
                    as_of=AsOf.end_of(periods[-1]))
        .order_by("sort_key")
        .values("id", "objective_id", "code", "description", "due_on", "estimated_cost", "lead_status", "is_late",
                "lead_institution__code", "lead_institution__name", "lead_institution__name_en")
    )
    counts = defaultdict(lambda: dict.fromkeys(CATEGORIES, 0))
    planned, spent, delayed = defaultdict(Decimal), defaultdict(Decimal), []
    for activity in activities:
        status = activity["lead_status"]
        category = category_of(status, activity["is_late"])
        counts[activity["objective_id"]][category] += 1
        planned[activity["objective_id"]] += activity["estimated_cost"] or 0
        spent[activity["objective_id"]] += spent_by_activity.get(activity["id"]) or 0
        if category == "delayed":
            delayed.append({
                "code": activity["code"], "description": activity["description"],
                "due_on": activity["due_on"].strftime("%d.%m.%Y"),
                "lead_code": activity["lead_institution__code"],
                "lead": bilingual(activity["lead_institution__name"], activity["lead_institution__name_en"], language),
                "status": status,
            })

    pillars, by_pillar = [], {}
    totals = {"counts": dict.fromkeys(CATEGORIES, 0), "total": 0, "planned": Decimal(0), "spent": Decimal(0)}
    for obj in objectives:
        pillar = by_pillar.get(obj["pillar_id"])
        if pillar is None:
            pillar = by_pillar[obj["pillar_id"]] = {
                "code": obj["pillar__code"],
                "title": bilingual(obj["pillar__title"], obj["pillar__title_en"], language),
                "counts": dict.fromkeys(CATEGORIES, 0), "total": 0,
                "planned": Decimal(0), "spent": Decimal(0), "objectives": [],
            }
            pillars.append(pillar)
        c = counts[obj["id"]]
        total = sum(c.values())
        for key, value in c.items():
            pillar["counts"][key] += value
            totals["counts"][key] += value
        for bucket in (pillar, totals):
            bucket["total"] += total
            bucket["planned"] += planned[obj["id"]]
            bucket["spent"] += spent[obj["id"]]
        pillar["objectives"].append({
            "code": obj["code"], "title": obj["title"], "counts": c, "total": total, "rag": rag_of(c),
            "planned": _number(planned[obj["id"]]), "spent": _number(spent[obj["id"]]),
        })
    for bucket in (*pillars, totals):
        bucket["planned"] = _number(bucket["planned"])
        bucket["spent"] = _number(bucket["spent"])
    return {"categories": CATEGORIES, "pillars": pillars, "totals": totals, "delayed": delayed}


def _statistics(span_ids, prev_ids, window, seq_of_period, start_seq, prev_start, end_seq, language):
    """Each indicator's total, previous total, change, per-quarter trend and breakdowns (6 queries)."""
    window_ids = [w["id"] for w in window]
    accepted = StatValue.objects.filter(report__status=ReportStatus.ACCEPTED)
    totals = (
        accepted.filter(report__period_id__in=window_ids, cell_key="")
        .values("indicator_id", "report__period_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    per_period = defaultdict(dict)
    for row in totals:
        per_period[row["indicator_id"]][row["report__period_id"]] = row["total"]

    breakdown = defaultdict(lambda: defaultdict(lambda: [None, None]))  # (indicator, position) -> option -> [cur, prev]
    for position in (1, 2, 3):
        column = f"option_{position}"
        rows = (
            accepted.filter(report__period_id__in=span_ids + prev_ids, **{f"{column}__isnull": False})
            .exclude(cell_key="")
            .values("indicator_id", column, "report__period_id")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for row in rows:
            slot = 0 if row["report__period_id"] in span_ids else 1
            cell = breakdown[(row["indicator_id"], position)][row[column]]
            cell[slot] = (cell[slot] or 0) + row["total"]

    indicator_ids = set(per_period) | {key[0] for key in breakdown}
    indicators = list(
        Indicator.objects.filter(pk__in=indicator_ids).order_by("order", "code")
        .values("id", "code", "name", "name_en", "unit")
    )
    dimensions = defaultdict(list)
    for row in (
        IndicatorDimension.objects.filter(indicator_id__in=indicator_ids).order_by("indicator_id", "position")
        .values("indicator_id", "position", "dimension_id", "dimension__name", "dimension__name_en")
    ):
        dimensions[row["indicator_id"]].append(row)
    options = defaultdict(list)
    for row in (
        DimensionOption.objects.filter(dimension__indicator_dimensions__indicator_id__in=indicator_ids)
        .distinct().order_by("dimension_id", "order", "code")
        .values("id", "dimension_id", "name", "name_en", "is_archived")
    ):
        options[row["dimension_id"]].append(row)

    span_set, prev_set = set(span_ids), set(prev_ids)
    result = []
    for ind in indicators:
        values = per_period.get(ind["id"], {})
        current = [v for pid, v in values.items() if pid in span_set]
        previous = [v for pid, v in values.items() if pid in prev_set]
        total = _number(sum(current)) if current else None
        prev_total = _number(sum(previous)) if previous else None
        if total is None and not any(breakdown.get((ind["id"], d["position"])) for d in dimensions[ind["id"]]):
            continue
        change, percent = _change(total, prev_total)
        breakdowns = []
        for dim in dimensions[ind["id"]]:
            cells = breakdown.get((ind["id"], dim["position"]), {})
            if not cells:
                continue
            breakdowns.append({
                "dimension": bilingual(dim["dimension__name"], dim["dimension__name_en"], language),
                "options": [
                    {
                        "name": bilingual(o["name"], o["name_en"], language),
                        "value": _number(cells.get(o["id"], [None, None])[0]),
                        "previous": _number(cells.get(o["id"], [None, None])[1]),
                    }
                    for o in options[dim["dimension_id"]]
                    if not o["is_archived"] or o["id"] in cells
                ],
            })
        result.append({
            "code": ind["code"], "name": bilingual(ind["name"], ind["name_en"], language), "unit": ind["unit"],
            "total": total, "previous": prev_total, "change": change, "change_percent": percent,
            "breakdowns": breakdowns,
            "_values": values,
        })

    sequences = list(range(prev_start, end_seq + 1))
    period_of_seq = {seq: pid for pid, seq in seq_of_period.items()}
    labels = [_sequence_label(seq) for seq in sequences]
    series = []
    for ind in [i for i in result if i["total"] is not None][:KEY_INDICATORS]:
        series.append({
            "code": ind["code"], "name": ind["name"],
            "values": [_number(ind["_values"].get(period_of_seq.get(seq))) for seq in sequences],
        })
    for ind in result:
        del ind["_values"]
    return result, {"labels": labels, "series": series, "span_starts_at": sequences.index(start_seq)}
