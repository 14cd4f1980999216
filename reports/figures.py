"""National figures of indicators over a span of quarters: what every published number is built from.

One function answers "what is the national figure of this indicator over these quarters", and the
committee report, its exports, the indicator pages and the home pages all call it:

    national_figures(indicators, periods) -> {indicator id: IndicatorFigures}

It reads ACCEPTED quarterly reports only, in a fixed number of SQL aggregates (whatever the number of
institutions, indicators, quarters or cells), and applies what each indicator says it counts
(strategy.Indicator):

* **Over time.** A flow is the sum of its quarters. A stock is the value of the span's last quarter that
  has data, never a sum (`stock_period` says which quarter). A rate is the average of the quarters that
  have data.
* **Across institutions.** Summed; or, for an authoritative indicator, the authoritative institution's
  figure alone. Every institution's own figure is listed in `institutions`; those not added in are the
  cross-checks. (A rate is never summed: within a quarter, institutions' rates are averaged when an
  indicator is, against its definition, a summed rate.)
* **Breakdowns.** For each report and dimension: the report's one-way cells of that dimension if it has
  any (a one-way cell holds exactly one option), else the marginals of its cross-table cells (2–3
  options). Options that can overlap may add up to more than the total; `BreakdownFigure.adds_up` says
  whether the breakdown is consistent with the total.
* **Coverage.** Per quarter: how many institutions are expected to report the indicator, how many of them
  have an accepted report, and whether the quarter is complete (the authority's report accepted, or
  every expected institution's).

For comparisons, `FigureSource.compare()` says whether two spans are like for like (the same institutions
in the same quarters of the span went into both figures) and gives the change on the institution-quarters
present in both.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from antitrafik.models import bilingual
from institutions.models import Institution
from strategy.choices import InstitutionAggregation, TimeAggregation
from strategy.models import DimensionOption, Indicator, IndicatorDimension
from strategy.models.indicators import by_phrase_of
from strategy.quarters import quarter_sequence

from .choices import ReportStatus
from .models import QuarterlyReport, StatValue

ZERO = Decimal(0)


@dataclass
class QuarterFigure:
    """The national value of one quarter, and how complete it is."""

    period_id: int
    year: int
    quarter: int
    value: Decimal | None
    expected: int  # institutions expected to report the indicator
    accepted: int  # of them, those with an accepted report for the quarter
    complete: bool  # the authority's report accepted (authoritative), or every expected institution's (summed)


@dataclass
class InstitutionFigure:
    """One institution's own figure: added into the national figure, or a cross-check beside it."""

    institution_id: int
    code: str
    name: str
    name_en: str
    region: str
    value: Decimal | None  # over the span, by the indicator's rule over time
    values: dict  # period id → the institution's value in that quarter
    is_authority: bool
    counted: bool  # added into the national figure

    def label(self, language):
        return bilingual(self.name, self.name_en, language)


@dataclass
class OptionFigure:
    option_id: int
    code: str
    name: str
    name_en: str
    value: Decimal | None

    def label(self, language):
        return bilingual(self.name, self.name_en, language)


@dataclass
class BreakdownFigure:
    """The national breakdown of an indicator by one dimension."""

    dimension_id: int
    code: str
    name: str
    name_en: str
    position: int
    overlapping: bool  # options can overlap: the breakdown may add up to more than the total
    options: list
    sum: Decimal | None
    adds_up: bool | None  # = total (≥ total when overlapping); None when either is missing
    by_phrase: str = ""
    by_phrase_en: str = ""

    def label(self, language):
        return bilingual(self.name, self.name_en, language)

    def by_label(self, language=None):
        """'sipas gjinisë' / 'by sex' (the dimension's stored phrase)."""
        return by_phrase_of(self.name, self.name_en, self.by_phrase, self.by_phrase_en, language)

    @property
    def by(self):
        return self.by_label()


@dataclass
class IndicatorFigures:
    """An indicator's national figure over a span, with its quarters, breakdowns, sources and coverage."""

    indicator_id: int
    code: str
    name: str
    name_en: str
    unit: str
    time_aggregation: str
    institution_aggregation: str
    authority_id: int | None
    total: Decimal | None
    stock_period_id: int | None  # for a stock: the quarter the figure is taken from
    quarters: list  # [QuarterFigure], one per period of the span, in order
    breakdowns: list  # [BreakdownFigure] by position
    institutions: list  # [InstitutionFigure]: the authority first, then by code
    contributions: frozenset = field(default_factory=frozenset)  # {(institution id, quarter sequence)} added in

    def label(self, language):
        return bilingual(self.name, self.name_en, language)

    @property
    def is_authoritative(self):
        return self.institution_aggregation == InstitutionAggregation.AUTHORITATIVE

    @property
    def authority(self):
        return next((i for i in self.institutions if i.is_authority), None)

    @property
    def cross_checks(self):
        """The institutions' figures shown beside the national figure, never added to it."""
        return [i for i in self.institutions if not i.counted]

    @property
    def complete_quarters(self):
        return sum(1 for q in self.quarters if q.complete)

    @property
    def stock_quarter(self):
        return next((q for q in self.quarters if q.period_id == self.stock_period_id), None)

    def option_value(self, option_id):
        """The national figure of one option (a slice) of a breakdown, None when not reported."""
        for breakdown in self.breakdowns:
            for option in breakdown.options:
                if option.option_id == option_id:
                    return option.value
        return None


@dataclass
class Comparison:
    """An indicator's figure against an earlier span: as published, and like for like."""

    current: Decimal | None
    previous: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None
    like_for_like: bool  # the same institutions in the same quarters of the span went into both figures
    current_reports: int  # institution-quarters added into the current figure
    previous_reports: int
    common_current: Decimal | None  # both figures on the institution-quarters present in both spans
    common_previous: Decimal | None
    common_change: Decimal | None
    common_change_percent: Decimal | None


def change_of(current, previous):
    """(change, percent change) between two figures; None where it cannot be computed."""
    if current is None or previous is None:
        return None, None
    change = current - previous
    percent = (Decimal(100) * change / previous).quantize(Decimal("0.1")) if previous else None
    return change, percent


def national_figures(indicators, periods):
    """{indicator id: IndicatorFigures} of `indicators` (objects or ids; None: every indicator with accepted data)
    over `periods` (ReportingPeriod objects, in any order)."""
    return FigureSource.load(indicators, periods).span(periods)


def _mean(values):
    return sum(values, ZERO) / len(values) if values else None


class FigureSource:
    """The accepted data of some indicators over a window of quarters, aggregated in SQL (a fixed number of
    queries); `span()` and `compare()` then shape figures for any run of quarters inside the window."""

    def __init__(self):
        self.meta, self.dimensions, self.options = {}, defaultdict(list), defaultdict(list)
        self.institutions, self.reporting, self.direct, self.accepted = {}, set(), set(), set()
        self.totals = defaultdict(dict)  # indicator → {(institution, period): value}
        self.cells = defaultdict(dict)  # (indicator, dimension) → {(period, option): (sum, reports)}
        self.option_dimension, self.sequence = {}, {}

    @classmethod
    def load(cls, indicators, periods, *, breakdowns=True):
        """Load the accepted data of `indicators` (objects or ids; None: those with data) over `periods`.
        `breakdowns=False` leaves the breakdowns out (four queries, among them the two heaviest): for a page that
        shows only national totals and their complete quarters; its figures then have no breakdowns."""
        source = cls()
        source.sequence = {p.pk: quarter_sequence(p.year, p.quarter) for p in periods}
        source._load(indicators, list(source.sequence), breakdowns=breakdowns)
        return source

    # -- loading (a fixed number of queries) --------------------------------------------------------

    def _load(self, indicators, period_ids, *, breakdowns=True):
        accepted = StatValue.objects.filter(report__status=ReportStatus.ACCEPTED, report__period_id__in=period_ids)
        if indicators is None:
            chosen = Indicator.objects.filter(Exists(accepted.filter(indicator_id=OuterRef("pk"))))
        else:
            ids = [getattr(i, "pk", i) for i in indicators]
            chosen = Indicator.objects.filter(pk__in=ids)
        for row in chosen.values("id", "code", "name", "name_en", "unit", "order", "time_aggregation",
                                 "institution_aggregation", "authoritative_institution_id", "reporting_kinds"):
            row["kinds"] = {k for k in (row.pop("reporting_kinds") or "").split(",") if k}
            self.meta[row["id"]] = row
        ids = list(self.meta)
        if breakdowns:
            self._load_dimensions(ids)
        self.institutions = {
            row["id"]: row for row in Institution.objects.filter(
                Q(pk__in=Institution.objects.reporting()) | Q(quarterly_reports__period_id__in=period_ids)
            ).distinct().values("id", "code", "name", "name_en", "kind", "region", "is_active")
        }
        self.reporting = {pk for pk, row in self.institutions.items() if row["is_active"] and row["kind"] != "unit"}
        self.direct = set(Indicator.reporting_institutions.through.objects.filter(indicator_id__in=ids)
                          .values_list("indicator_id", "institution_id"))
        self.accepted = set(QuarterlyReport.objects.filter(status=ReportStatus.ACCEPTED, period_id__in=period_ids)
                            .values_list("institution_id", "period_id"))
        accepted = accepted.filter(indicator_id__in=ids)
        for indicator_id, institution_id, period_id, total in (
                accepted.filter(cell_key="").values("indicator_id", "report__institution_id", "report__period_id")
                .annotate(total=Sum("value")).order_by()
                .values_list("indicator_id", "report__institution_id", "report__period_id", "total")):
            self.totals[indicator_id][(institution_id, period_id)] = total
        if breakdowns:
            self._load_breakdowns(accepted)

    def _load_dimensions(self, ids):
        """The dimensions of the indicators `ids` and their options (two queries)."""
        for row in (IndicatorDimension.objects.filter(indicator_id__in=ids).order_by("indicator_id", "position")
                    .values("indicator_id", "position", "dimension_id", "dimension__code", "dimension__name",
                            "dimension__name_en", "dimension__by_phrase", "dimension__by_phrase_en",
                            "options_overlap")):
            self.dimensions[row["indicator_id"]].append(row)
        dimension_ids = {d["dimension_id"] for rows in self.dimensions.values() for d in rows}
        for row in (DimensionOption.objects.filter(dimension_id__in=dimension_ids).order_by("dimension_id", "order", "code")
                    .values("id", "dimension_id", "code", "name", "name_en", "is_archived")):
            self.options[row["dimension_id"]].append(row)
            self.option_dimension[row["id"]] = row["dimension_id"]

    def _load_breakdowns(self, accepted):
        """Option sums per (indicator, period, option) over the institutions added into the national figure:
        one-way cells, and the marginals of cross-table cells of reports without one-way cells of that
        dimension. Two queries: the one-way cells, then a UNION of the marginals by position (which look for
        one-way cells of the same report and dimension only when the quarters hold any)."""
        counted = accepted.filter(
            Q(indicator__institution_aggregation=InstitutionAggregation.SUM)
            | Q(report__institution_id=F("indicator__authoritative_institution_id"))
        )
        one_way = list(
            counted.exclude(cell_key="").exclude(cell_key__contains="-")
            .annotate(option_id=Coalesce("option_1_id", "option_2_id", "option_3_id"))
            .values("indicator_id", "report__period_id", "option_id")
            .annotate(total=Sum("value"), reports=Count("report_id", distinct=True)).order_by()
        )
        parts = []
        for position in (1, 2, 3):
            column = f"option_{position}"
            marginals = counted.filter(cell_key__contains="-", **{f"{column}__isnull": False})
            if one_way:
                same_dimension = Q()
                for other in (1, 2, 3):
                    same_dimension |= Q(**{f"option_{other}__dimension_id": OuterRef(f"{column}__dimension_id")})
                has_one_way = StatValue.objects.filter(same_dimension, report_id=OuterRef("report_id"),
                                                       indicator_id=OuterRef("indicator_id")
                                                       ).exclude(cell_key="").exclude(cell_key__contains="-")
                marginals = marginals.exclude(Exists(has_one_way))
            parts.append(
                marginals.annotate(option_id=F(f"{column}_id"))
                .values("indicator_id", "report__period_id", "option_id")
                .annotate(total=Sum("value"), reports=Count("report_id", distinct=True)).order_by()
            )
        for row in [*one_way, *parts[0].union(*parts[1:], all=True).order_by()]:
            dimension_id = self.option_dimension.get(row["option_id"])
            if dimension_id is None:
                continue
            cells = self.cells[(row["indicator_id"], dimension_id)]
            key = (row["report__period_id"], row["option_id"])
            total, reports = cells.get(key, (ZERO, 0))
            cells[key] = (total + row["total"], reports + row["reports"])

    # -- shaping ----------------------------------------------------------------------------------

    def expected_reporters(self, indicator_id):
        """The institutions expected to report the indicator: of its kinds, or named on it; for an indicator that
        names none, those that reported it in the loaded quarters."""
        meta = self.meta[indicator_id]
        declared = {pk for pk in self.reporting
                    if self.institutions[pk]["kind"] in meta["kinds"] or (indicator_id, pk) in self.direct}
        return declared or {inst for inst, _p in self.totals.get(indicator_id, {})}

    def _aggregate(self, meta, values, period_ids, restrict=None):
        """(quarter values, span value, stock period) from {(institution, period): value} of the counted
        institutions; `restrict` keeps only some (institution, quarter sequence) pairs."""
        by_period = defaultdict(list)
        for (inst, pid), value in values.items():
            if restrict is None or (inst, self.sequence[pid]) in restrict:
                by_period[pid].append(value)
        quarter_values = []
        for pid in period_ids:
            found = by_period.get(pid)
            if not found:
                quarter_values.append(None)
            elif meta["time_aggregation"] == TimeAggregation.RATE and len(found) > 1:
                quarter_values.append(_mean(found))
            else:
                quarter_values.append(sum(found, ZERO))
        present = [(pid, v) for pid, v in zip(period_ids, quarter_values, strict=True) if v is not None]
        if not present:
            return quarter_values, None, None
        if meta["time_aggregation"] == TimeAggregation.STOCK:
            pid, value = present[-1]
            return quarter_values, value, pid
        if meta["time_aggregation"] == TimeAggregation.RATE:
            return quarter_values, _mean([v for _p, v in present]), None
        return quarter_values, sum((v for _p, v in present), ZERO), None

    def _counted_values(self, indicator_id, period_ids):
        meta = self.meta[indicator_id]
        wanted = set(period_ids)
        values = {k: v for k, v in self.totals.get(indicator_id, {}).items() if k[1] in wanted}
        if meta["institution_aggregation"] == InstitutionAggregation.AUTHORITATIVE:
            values = {k: v for k, v in values.items() if k[0] == meta["authoritative_institution_id"]}
        return values

    def _contributions(self, meta, values, stock_period_id):
        if meta["time_aggregation"] == TimeAggregation.STOCK:
            return frozenset((inst, self.sequence[p]) for (inst, p) in values if p == stock_period_id)
        return frozenset((inst, self.sequence[p]) for (inst, p) in values)

    def _breakdowns(self, indicator_id, period_ids, total, stock_period_id):
        meta = self.meta[indicator_id]
        result, wanted = [], set(period_ids)
        for dim in self.dimensions.get(indicator_id, []):
            cells = self.cells.get((indicator_id, dim["dimension_id"]), {})
            in_span = {k: v for k, v in cells.items() if k[0] in wanted}
            if not in_span:
                continue
            if meta["time_aggregation"] == TimeAggregation.STOCK:
                at = stock_period_id
                if at is None or not any(p == at for p, _o in in_span):
                    at = max((p for p, _o in in_span), key=period_ids.index)
                in_span = {k: v for k, v in in_span.items() if k[0] == at}

            def quarter_value(total_and_reports):
                value, reports = total_and_reports
                if meta["time_aggregation"] == TimeAggregation.RATE and reports > 1:
                    return value / reports
                return value

            per_option = defaultdict(list)
            for (_period, option_id), cell in in_span.items():
                per_option[option_id].append(quarter_value(cell))
            options = []
            for option in self.options.get(dim["dimension_id"], []):
                found = per_option.get(option["id"])
                if option["is_archived"] and not found:
                    continue
                if not found:
                    value = None
                elif meta["time_aggregation"] == TimeAggregation.RATE:
                    value = _mean(found)
                else:
                    value = sum(found, ZERO)
                options.append(OptionFigure(option["id"], option["code"], option["name"], option["name_en"], value))
            present = [o.value for o in options if o.value is not None]
            breakdown_sum = sum(present, ZERO) if present else None
            adds_up = None
            if breakdown_sum is not None and total is not None and meta["time_aggregation"] != TimeAggregation.RATE:
                adds_up = breakdown_sum >= total if dim["options_overlap"] else breakdown_sum == total
            result.append(BreakdownFigure(
                dim["dimension_id"], dim["dimension__code"], dim["dimension__name"], dim["dimension__name_en"],
                dim["position"], dim["options_overlap"], options, breakdown_sum, adds_up,
                dim["dimension__by_phrase"], dim["dimension__by_phrase_en"],
            ))
        return result

    def _institutions(self, indicator_id, period_ids):
        meta = self.meta[indicator_id]
        authority = meta["authoritative_institution_id"]
        summed = meta["institution_aggregation"] == InstitutionAggregation.SUM
        own = defaultdict(dict)
        wanted = set(period_ids)
        for (inst, pid), value in self.totals.get(indicator_id, {}).items():
            if pid in wanted:
                own[inst][pid] = value
        result = []
        for inst, values in own.items():
            _q, value, _s = self._aggregate(meta, {(inst, p): v for p, v in values.items()}, period_ids)
            row = self.institutions.get(inst, {"code": "?", "name": "?", "name_en": "", "region": ""})
            result.append(InstitutionFigure(inst, row["code"], row["name"], row["name_en"], row["region"] or "",
                                            value, values, inst == authority, summed or inst == authority))
        result.sort(key=lambda i: (not i.is_authority, i.code))
        return result

    def _quarters(self, indicator_id, periods, quarter_values):
        meta = self.meta[indicator_id]
        expected = self.expected_reporters(indicator_id)
        authority = meta["authoritative_institution_id"]
        result = []
        for period, value in zip(periods, quarter_values, strict=True):
            accepted = sum(1 for inst in expected if (inst, period.pk) in self.accepted)
            if meta["institution_aggregation"] == InstitutionAggregation.AUTHORITATIVE:
                complete = (authority, period.pk) in self.accepted
            else:
                complete = bool(expected) and accepted == len(expected)
            result.append(QuarterFigure(period.pk, period.year, period.quarter, value, len(expected), accepted,
                                        complete))
        return result

    def figures_of(self, indicator_id, periods, *, institutions=True):
        """The IndicatorFigures of one indicator over `periods` (inside the loaded window); `institutions=False`
        leaves out each institution's own figure (when only the national one is needed)."""
        periods = sorted(periods, key=lambda p: (p.year, p.quarter))
        period_ids = [p.pk for p in periods]
        meta = self.meta[indicator_id]
        values = self._counted_values(indicator_id, period_ids)
        quarter_values, total, stock_period_id = self._aggregate(meta, values, period_ids)
        return IndicatorFigures(
            indicator_id=indicator_id, code=meta["code"], name=meta["name"], name_en=meta["name_en"],
            unit=meta["unit"], time_aggregation=meta["time_aggregation"],
            institution_aggregation=meta["institution_aggregation"],
            authority_id=meta["authoritative_institution_id"], total=total, stock_period_id=stock_period_id,
            quarters=self._quarters(indicator_id, periods, quarter_values),
            breakdowns=self._breakdowns(indicator_id, period_ids, total, stock_period_id),
            institutions=self._institutions(indicator_id, period_ids) if institutions else [],
            contributions=self._contributions(meta, values, stock_period_id),
        )

    def span(self, periods, *, institutions=True):
        """{indicator id: IndicatorFigures} over `periods`, in the indicators' order."""
        ordered = sorted(self.meta.values(), key=lambda m: (m["order"], m["code"]))
        return {m["id"]: self.figures_of(m["id"], periods, institutions=institutions) for m in ordered}

    def compare(self, indicator_id, periods, previous_periods, *, shift=None, current=None, previous=None):
        """The indicator over `periods` against `previous_periods`, `shift` quarters earlier (by default the
        span's length rounded up to whole years: Q1–Q4 2025 against Q1–Q4 2024, Q3 2025 against Q3 2024).
        `current` and `previous` may pass figures already shaped for these spans."""
        meta = self.meta[indicator_id]
        if shift is None:
            shift = 4 * -(-len(periods) // 4)
        current = current or self.figures_of(indicator_id, periods)
        previous = previous or self.figures_of(indicator_id, previous_periods)
        change, percent = change_of(current.total, previous.total)
        moved = frozenset((inst, seq + shift) for inst, seq in previous.contributions)
        common = current.contributions & moved
        like_for_like = current.contributions == moved
        common_current = common_previous = None
        if common:
            ids = [p.pk for p in sorted(periods, key=lambda p: (p.year, p.quarter))]
            prev_ids = [p.pk for p in sorted(previous_periods, key=lambda p: (p.year, p.quarter))]
            back = frozenset((inst, seq - shift) for inst, seq in common)
            common_current = self._aggregate(meta, self._counted_values(indicator_id, ids), ids, common)[1]
            common_previous = self._aggregate(meta, self._counted_values(indicator_id, prev_ids), prev_ids, back)[1]
        common_change, common_percent = change_of(common_current, common_previous)
        return Comparison(current.total, previous.total, change, percent, like_for_like, len(current.contributions),
                          len(previous.contributions), common_current, common_previous, common_change, common_percent)
