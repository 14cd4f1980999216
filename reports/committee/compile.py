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
* The activities counted are the plan's (not archived), and every activity an accepted report of the
  span holds progress on, archived since or not: what the institutions reported is compiled as they
  reported it, whatever happens to the plan afterwards. The lead is the one that reported as lead.
* Money spent is what the accepted reports of the span say (lead and partners alike).
* Red/amber/green per objective: red when at least a third of its activities are delayed; amber
  when any is delayed or more than half are not started; green otherwise.
* The previous equivalent span is the same quarters one year earlier (for spans longer than a year,
  the same quarters as many whole years earlier as the span covers).
* Statistics are national figures (reports/figures.py): flows summed over the quarters, stocks taken at
  the span's last quarter with data, authoritative indicators from their institution alone with the
  others' figures as cross-checks; comparisons are like for like or carry a warning (statistics.py).
* The Committee's decisions and recommendations: counted by source and status as they stand when the report
  is compiled, with the open ones and their institutions' latest accepted accounts (secretariat/committee.py).
* Coverage: per quarter, reports expected, accepted, submitted, draft, missing (due date passed, nothing
  submitted) and not yet due, as of the day of compiling.
"""

import math
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from antitrafik.models import bilingual
from reports.choices import ProgressStatus, ReportStatus, SpanKind
from reports.models import ActivityProgress
from reports.secretariat.committee import secretariat_section
from reports.selectors.activity_status import AsOf, with_status
from strategy import quarters
from strategy.models import Activity, Objective, ReportingPeriod
from strategy.quarters import quarter_from_sequence, quarter_label, quarter_sequence

from .formatting import as_number as _number
from .statistics import coverage_and_discipline, data_quality, statistics_and_trend

SCHEMA_VERSION = 2
CATEGORIES = ["implemented", "partial", "in_progress", "not_started", "delayed", "not_applicable"]
RED_DELAYED_SHARE = Decimal(1) / Decimal(3)
AMBER_NOT_STARTED_SHARE = Decimal(1) / Decimal(2)


class NoAcceptedData(ValidationError):
    """The span has no accepted quarterly report: there is nothing to compile."""


def span_label(periods):
    """The span of `periods` (sorted) as a reader names it: 'Viti 2025', 'Gjashtëmujori I 2026', 'T3 2026'."""
    first, last = periods[0], periods[-1]
    return quarters.span_label((first.year, first.quarter), (last.year, last.quarter))


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
    span_end = periods[-1].ends_on

    # 1. The periods of the trend window: the previous equivalent span up to the end of this one.
    window = list(
        ReportingPeriod.objects.annotate(seq=quarter_sequence(F("year"), F("quarter")))
        .filter(seq__gte=prev_start, seq__lte=end_seq)
        .order_by("year", "quarter")
    )

    coverage, discipline = coverage_and_discipline(periods, language, timezone.localdate())
    if not coverage["included"]:
        # Lazy message: it is shown in the reader's language, not the report's.
        raise NoAcceptedData(
            gettext_lazy("There is no accepted quarterly report in %(span)s: there is nothing to compile yet."),
            code="no_accepted_data",
            params={"span": span_label(periods)},
        )

    implementation = _implementation(periods, language)
    statistics, trend, national = statistics_and_trend(periods, window, prev_start, end_seq, language)

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
            "label": quarters.span_label(quarter_from_sequence(prev_start), quarter_from_sequence(prev_end)),
            "has_data": any(i["previous"] is not None for i in statistics),
            "like_for_like": all(i["like_for_like"] is not False for i in statistics),
        },
        "coverage": coverage,
        "implementation": implementation,
        "discipline": discipline,
        "statistics": statistics,
        "trend": trend,
        "data_quality": data_quality(national, language),
        "secretariat": secretariat_section(periods, timezone.localdate()),
    }


def _progress_in_span(plan_id, span_ids):
    """The progress rows of the span's accepted reports on the plan's activities."""
    return ActivityProgress.objects.filter(
        report__status=ReportStatus.ACCEPTED, report__period_id__in=span_ids, activity__plan_id=plan_id)


def _spent_in_span(plan_id, span_ids):
    """activity id → the money spent on it according to the span's accepted reports (one GROUP BY)."""
    rows = (
        _progress_in_span(plan_id, span_ids)
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
    """Counts per pillar and objective, RAG, money planned and spent, and the delayed activities with all their
    lead institutions (4 queries).

    Status and lateness: the one rule (reports.selectors.activity_status) as of the span's last quarter; an
    archived activity counted because the span's reports hold it is judged like the others.
    """
    plan_id, span_ids = periods[0].plan_id, [p.pk for p in periods]
    reported = _progress_in_span(plan_id, span_ids).values("activity_id")
    counted = Activity.objects.filter(plan_id=plan_id).filter(
        Q(is_archived=False, objective__is_archived=False) | Q(pk__in=reported))
    objectives = list(
        Objective.objects.filter(plan_id=plan_id)
        .filter(Q(is_archived=False) | Q(pk__in=counted.values("objective_id")))
        .order_by("pillar__order", "pillar__code", "sort_key")
        .values("id", "code", "title", "title_en", "pillar_id", "pillar__code", "pillar__title", "pillar__title_en")
    )
    spent_by_activity = _spent_in_span(plan_id, span_ids)
    activities = (
        with_status(counted, as_of=AsOf.end_of(periods[-1]), archived_too=True)
        .order_by("sort_key")
        .values("id", "objective_id", "code", "description", "description_en", "due_on", "estimated_cost",
                "lead_status", "is_late", "lead_institution__code", "lead_institution__name", "lead_institution__name_en")
    )
    # The other lead institutions (Activity.co_leads) of the counted activities, named beside the coordinating one.
    co_leads = defaultdict(list)
    for activity_id, code, name, name_en in (
            Activity.co_leads.through.objects.filter(activity__in=counted).order_by("institution__code")
            .values_list("activity_id", "institution__code", "institution__name", "institution__name_en")):
        co_leads[activity_id].append({"code": code, "name": bilingual(name, name_en, language)})
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
                "code": activity["code"],
                "description": bilingual(activity["description"], activity["description_en"], language),
                "due_on": activity["due_on"].strftime("%d.%m.%Y"),
                "lead_code": activity["lead_institution__code"],
                "lead": bilingual(activity["lead_institution__name"], activity["lead_institution__name_en"], language),
                "co_leads": co_leads.get(activity["id"], []),
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
            "code": obj["code"], "title": bilingual(obj["title"], obj["title_en"], language),
            "counts": c, "total": total, "rag": rag_of(c),
            "planned": _number(planned[obj["id"]]), "spent": _number(spent[obj["id"]]),
        })
    for bucket in (*pillars, totals):
        bucket["planned"] = _number(bucket["planned"])
        bucket["spent"] = _number(bucket["spent"])
    return {"categories": CATEGORIES, "pillars": pillars, "totals": totals, "delayed": delayed}
