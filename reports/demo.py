"""Demo data of the quarterly reports (part of `seed_demo`). Idempotent: skipped when the demo reports exist.

Runs after the strategy demo (periods 2024–2026 exist, all open) and before the periods take their real
states. Eleven quarters of history (Q1 2024 … Q3 2026, so that 2025 has a full year to compare with):
most reports accepted, some late, some returned and
resubmitted with comments, some missing; the current quarter (Q4 2026) with drafts. The statistics are
plausible and pass the validation rules (totals are the sum of their breakdowns, minors ≤ victims, and each
institution's figures stay near its own level). Written in bulk, with history rows and consistent timeline
events whose timestamps are set explicitly.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from institutions.choices import Role
from institutions.models import Institution, User
from strategy.choices import IndicatorUnit
from strategy.models import Activity, DimensionOption, ReportingPeriod

from .choices import ActivityRole, EventKind, ProgressStatus, ReportStatus
from .grid import indicator_grids
from .models import ActivityProgress, QuarterlyReport, ReportEvent, ReviewComment, StatValue

HISTORY = [(2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2), (2025, 3), (2025, 4),
           (2026, 1), (2026, 2), (2026, 3)]
CURRENT = (2026, 4)
SEED = 20241231
# The institutions whose figures are the national ones: their reports are never missing from the history.
AUTHORITIES = {"AP", "PP", "PSH", "MD", "SHSSH"}

RETURN_COMMENTS = [
    "Totali i viktimave nuk përputhet me ndarjen sipas gjinisë: ju lutem kontrolloni.",
    "Plotësoni përshkrimin e aktiviteteve: çfarë u realizua konkretisht këtë tremujor?",
    "Shpenzimet e raportuara duken të larta krahasuar me buxhetin e planifikuar. Konfirmoni shifrën.",
    "Mungojnë të dhënat për viktimat e mitura. Ju lutem plotësoni tabelën.",
]
ITEM_COMMENTS = ["Ju lutem sqaroni këtë shifër.", "Jepni më shumë detaje.", "Kontrolloni statusin e aktivitetit."]
NARRATIVES = {
    ProgressStatus.IMPLEMENTED: "Aktiviteti u realizua sipas planit; raporti përfundimtar iu dërgua Njësisë.",
    ProgressStatus.PARTIAL: "U realizua pjesërisht: u zhvilluan takimet e para, pjesa tjetër vazhdon tremujorin e ardhshëm.",
    ProgressStatus.IN_PROGRESS: "Puna vazhdon: u ngrit grupi i punës dhe u hartua plani i detajuar.",
    ProgressStatus.NOT_STARTED: "Nuk ka filluar ende për shkak të mungesës së fondeve.",
    ProgressStatus.NOT_APPLICABLE: "",
}


def _say(stdout, verbosity, text):
    if stdout is not None and verbosity:
        stdout.write(text)


def _at(day, hour, rng):
    """An aware datetime on `day` during office hours."""
    naive = datetime.datetime.combine(day, datetime.time(hour, rng.randint(0, 59)))
    return timezone.make_aware(naive)


# How the cases of a breakdown usually fall (by option code), so the demo figures look like the unit's:
# mostly women and girls, mostly sexual exploitation, mostly Albanian citizens; options not listed weigh 1.
OPTION_WEIGHTS = {
    "F": 7, "M": 2.5, "UNK": 0.4,
    "MINOR": 5, "ADULT": 6,
    "SEX": 5.5, "LABOUR": 1.5, "BEGGING": 1.5, "CRIMINAL": 0.3, "MARRIAGE": 0.7, "SERVITUDE": 0.3, "ORGAN": 0,
    "OTHER": 0.2, "AL": 9, "FOREIGN": 1, "INTERNAL": 7, "TRANSNATIONAL": 3, "VT": 3.5, "VMT": 6.5,
    "POLICE": 4.5, "SOCIAL": 2, "NGO": 1.5, "MOBILE_UNIT": 1.5, "SELF": 0.3,
}


def _cell_weight(key, option_codes):
    weight = 1.0
    for part in key.split("-") if key else []:
        weight *= OPTION_WEIGHTS.get(option_codes.get(int(part)), 1)
    return weight


def _distribute(total, n, rng, *, sparse=True, weights=None):
    """`total` split into `n` non-negative integer parts (many zeros when sparse), along `weights` if given."""
    if weights is not None:
        weights = [w * rng.uniform(0.6, 1.4) for w in weights]
    else:
        weights = [rng.random() ** (3 if sparse else 1) for _ in range(n)]
    scale = sum(weights) or 1
    parts = [int(total * w / scale) for w in weights]
    candidates = [i for i, w in enumerate(weights) if w > 0] or list(range(n))
    for _ in range(total - sum(parts)):
        parts[rng.choices(candidates, weights=[weights[i] or 1 for i in candidates])[0]] += 1
    return parts


# Institutions that enter one-way tables (by sex; by age; by form) where an indicator takes either layout, as
# the Responsible Authority publishes them; the others fill the cross-table.
ONE_WAY_INSTITUTIONS = {"AP"}
# Each indicator's level per quarter, by institution code ("*": any other institution that reports it): the
# national figures then have real orders of magnitude. Identified victims and potential victims: about 25 VT
# and 110 VMT a year in the Responsible Authority's register (the State Police see most of the same people);
# prosecutions: tens a year; convictions: a handful to a few dozen; people trained well above trainings held.
LEVELS = {
    "VT-01": {"AP": (5, 8), "PSH": (4, 7)},
    "VT-02": {"AP": (24, 32), "PSH": (20, 28)},
    "AS-01": {"QKPVT": (8, 12), "TV": (5, 9), "DE": (3, 6), "VATRA": (4, 8), "*": (2, 5)},
    "AS-02": {"SHSSH": (38, 52), "*": (3, 9)},
    "AS-03": {"AP": (2, 5), "*": (1, 5)},
    "AS-04": {"*": (1, 5)},
    "AS-05": {"AKPA": (3, 8)},
    "AS-06": {"MAS": (1, 4)},
    "CJ-01": {"PP": (13, 19)},
    "CJ-04": {"PSH": (16, 24)},
    "CJ-05": {"PP": (7, 11)},
    "CJ-06": {"*": (1, 3)},
    "CJ-07": {"*": (0, 2)},
    "CJ-08": {"PP": (0, 4)},
    "PR-01": {"*": (0, 3)},
    "PR-03": {"*": (1, 4)},
    "PR-05": {"ISHPSHSH": (6, 14)},
    "CO-01": {"*": (1, 1)},
}
DEFAULT_LEVEL = (1, 6)
# The same people or cases seen by several institutions: the authoritative institution's figure is the truth of the
# quarter; the others report a share of it (the police see most victims; courts and prosecution the same sentences).
MIRRORS = {"VT-01": (0.6, 1.0), "VT-02": (0.7, 1.0), "AS-03": (0.5, 1.0), "CJ-06": (0.9, 1.1), "CJ-07": (0.9, 1.1)}
# Indicators derived from others of the same report: (base indicators, how).
PARTICIPANTS = {"PR-02": ("PR-01", (10, 25)), "PR-04": ("PR-03", (30, 120))}
ALL_PER_CASE = 250_000  # assets seized (ALL) per case


class _Values:
    """Plausible, rule-abiding values of one institution's reports: each keeps near its own level, the same people
    seen by several institutions stay close to the authoritative figure, and the consistency rules hold."""

    def __init__(self, grids, institution, truth):
        self.grids = {g.indicator.code: g for g in grids}
        self.grid_by_id = {g.pk: g for g in grids}
        self.code = institution.code
        self.one_way = institution.code in ONE_WAY_INSTITUTIONS
        self.truth = truth  # (indicator code, period id) → the quarter's authoritative total, shared by institutions
        self.option_codes = dict(DimensionOption.objects.values_list("pk", "code"))

    def _level(self, code, level, rng):
        ranges = LEVELS.get(code, {})
        low, high = ranges.get(self.code) or ranges.get("*") or DEFAULT_LEVEL
        if code not in level:
            level[code] = rng.uniform(low, high)
        return max(0, round(level[code] * rng.uniform(0.85, 1.15)))

    def _shared(self, code, period, level, rng):
        """A total of people or cases other institutions see too: the truth of the quarter, or a share of it."""
        key = (code, period.pk)
        if key not in self.truth:
            self.truth[key] = self._level(code, level, rng) if self.code in LEVELS.get(code, {}) else \
                max(0, round(rng.uniform(*(LEVELS[code].get("*") or DEFAULT_LEVEL))))
        low, high = MIRRORS[code]
        grid = self.grids[code]
        authority = grid.indicator.authoritative_institution
        if authority is not None and authority.code == self.code:
            return self.truth[key]
        return max(0, round(self.truth[key] * rng.uniform(low, high)))

    def _cells(self, grid, total, rng, fixed=None):
        """The breakdown cells of `total`: one-way tables where the institution enters them, else the cross-table
        (of `total`, or of fixed row totals {row option id: total})."""
        if grid.has_one_way and (self.one_way or not grid.has_cross):
            return {key: value for (_i, key), value in self._one_way_tables(grid, total, rng).items()}
        keys = grid.cross_keys()
        if not keys:
            return {}
        sparse = len(keys) > 12
        values = {}
        groups = {row.pk: [k for k in keys if k.split("-")[0] == str(row.pk)] for row in grid.rows} if fixed else \
            {None: keys}
        for row, row_keys in groups.items():
            amount = fixed.get(row, 0) if fixed else total
            weights = [_cell_weight(key, self.option_codes) for key in row_keys]
            for key, part in zip(row_keys, _distribute(amount, len(row_keys), rng, sparse=sparse, weights=weights),
                                 strict=True):
                if part or not sparse:
                    values[key] = Decimal(part)
        return values

    def _minors(self, cells):
        minor = {pk for pk, code in self.option_codes.items() if code == "MINOR"}
        return int(sum(v for key, v in cells.items() if minor & {int(p) for p in key.split("-")}))

    def make(self, rng, level, *, period, complete=True):
        """{(indicator id, cell key): value} of one report."""
        totals, cells = {}, {}
        skipped = {code for code in self.grids if not complete and rng.random() < 0.5}
        for code, grid in self.grids.items():
            if code in skipped or code in ("VT-03", "VT-04", "VT-05", "VT-06", "CJ-02", "CJ-03", *PARTICIPANTS):
                continue
            if code in MIRRORS:
                totals[code] = self._shared(code, period, level, rng)
            else:
                totals[code] = self._level(code, level, rng)
            cells[code] = self._cells(grid, totals[code], rng)
        # Derived from the indicators above, so that the consistency rules hold within the report.
        if "VT-01" in totals and "VT-06" in self.grids and "VT-06" not in skipped:
            minors = self._minors(cells["VT-01"])
            totals["VT-06"] = minors if self.code == "AP" else max(0, minors - rng.randint(0, 1))
            cells["VT-06"] = self._cells(self.grids["VT-06"], totals["VT-06"], rng)
        if "VT-01" in totals and "VT-02" in totals:
            status = {code: pk for pk, code in self.option_codes.items() if code in ("VT", "VMT")}
            for code in ("VT-03", "VT-04", "VT-05"):
                if code in self.grids and code not in skipped:
                    totals[code] = totals["VT-01"] + totals["VT-02"]
                    cells[code] = self._cells(self.grids[code], totals[code], rng, fixed={
                        status["VT"]: totals["VT-01"], status["VMT"]: totals["VT-02"]})
        if "CJ-01" in totals and {"CJ-02", "CJ-03"} <= set(self.grids):
            totals["CJ-03"] = round(totals["CJ-01"] * rng.uniform(0.15, 0.35))
            totals["CJ-02"] = totals["CJ-01"] - totals["CJ-03"]
        if "CJ-05" in totals:
            totals["CJ-05"] = max(totals["CJ-05"], totals.get("CJ-06", 0) + totals.get("CJ-07", 0))
            cells["CJ-05"] = self._cells(self.grids["CJ-05"], totals["CJ-05"], rng)
        for code, (base, (low, high)) in PARTICIPANTS.items():
            if code in self.grids and base in totals and code not in skipped:
                totals[code] = round(totals[base] * rng.uniform(low, high))
                cells[code] = self._cells(self.grids[code], totals[code], rng)
        values = {}
        for code, total in totals.items():
            grid = self.grids[code]
            if grid.indicator.unit == IndicatorUnit.ALL:
                total *= ALL_PER_CASE
            values[(grid.pk, "")] = Decimal(total)
            for key, value in cells.get(code, {}).items():
                values[(grid.pk, key)] = value
        return values

    def _one_way_tables(self, grid, total, rng):
        """One table per dimension, each adding up to the total (every cell written, zeros too, as published);
        where options overlap, some persons count in a second option."""
        values = {}
        for _position, dimension, options in grid.dimensions:
            weights = [OPTION_WEIGHTS.get(o.code, 1) for o in options]
            parts = _distribute(total, len(options), rng, sparse=False, weights=weights)
            if dimension.pk in grid.overlapping:
                known = [i for i, o in enumerate(options) if o.code != "UNK" and weights[i] > 0]
                for _ in range(rng.randint(0, total // 8)):
                    room = [i for i in known if parts[i] < total]
                    if room:
                        parts[rng.choices(room, weights=[weights[i] for i in room])[0]] += 1
            for option, part in zip(options, parts, strict=True):
                values[(grid.pk, str(option.pk))] = Decimal(part)
        return values

    def cell_options(self, indicator_id, key):
        """The StatValue option columns of a cell: each option in the column of its dimension's position."""
        options = self.grid_by_id[indicator_id].options_for_key(key)
        return {f"option_{position}_id": option_id for position, option_id in options.items()}


def seed(*, stdout=None, verbosity=1):
    """Eight quarters of reports, reviews and timelines; drafts in the current quarter."""
    periods = {(p.year, p.quarter): p for p in ReportingPeriod.objects.filter(year__in={y for y, _ in HISTORY + [CURRENT]})}
    wanted = [periods[k] for k in HISTORY + [CURRENT] if k in periods]
    if not wanted:
        _say(stdout, verbosity, "Quarterly reports: no demo periods, nothing to add.")
        return
    if QuarterlyReport.objects.filter(period__in=wanted).exists():
        _say(stdout, verbosity, "Quarterly reports: demo reports exist, nothing to add.")
        return
    rng = random.Random(SEED)
    institutions = list(Institution.objects.reporting().select_related("coordinator").order_by("code"))
    reporters = {u.institution_id: u for u in User.objects.filter(role=Role.REPORTER, institution__in=institutions)
                 .order_by("pk")}
    director = User.objects.filter(role=Role.DIRECTOR, is_active=True).order_by("pk").first()
    activities = list(Activity.objects.filter(is_archived=False).select_related("lead_institution")
                      .prefetch_related("co_leads", Prefetch("partners", to_attr="partner_list")).order_by("sort_key"))
    writer = _Writer()
    levels, truth = {}, {}
    for institution in institutions:
        reporter = reporters.get(institution.pk)
        if reporter is None:
            continue
        reviewer = institution.coordinator or director
        grids = indicator_grids(institution)
        values_maker = _Values(grids, institution, truth)
        own_activities = [a for a in activities if a.is_led_by(institution.pk)
                          or any(p.pk == institution.pk for p in a.partner_list)]
        level = levels.setdefault(institution.pk, {})
        done = set()  # reported implemented in an accepted report: not asked about again (see activity_status)
        for key in HISTORY:
            period = periods.get(key)
            authority = institution.code in AUTHORITIES
            if period is None or (not authority and rng.random() < 0.06):  # a missing report
                continue
            done |= writer.history_report(
                institution, period, reporter, reviewer, values_maker, level,
                [a for a in own_activities if a.plan_id == period.plan_id and a.pk not in done], rng,
                latest=key == HISTORY[-1], authority=authority)
        period = periods.get(CURRENT)
        if period is not None and (institution.code == "PSH" or rng.random() < 0.55):
            writer.draft(institution, period, reporter, values_maker, level,
                         [a for a in own_activities if a.plan_id == period.plan_id and a.pk not in done], rng)
    writer.flush()
    _say(stdout, verbosity, f"Quarterly reports: {writer.report_count} reports, {writer.value_count} values.")


class _Writer:
    """Collects the demo rows and writes them in bulk, with history rows and explicit timestamps."""

    def __init__(self):
        self.reports, self.values, self.progress, self.comments, self.events = [], [], [], [], []
        self.report_count = self.value_count = 0

    def _report(self, institution, period, status, *, created, saved, by, **fields):
        report = QuarterlyReport(institution=institution, period=period, status=status, updated_by=by, **fields)
        report._history_date = saved
        report._history_user = by
        report._stamps = (created, saved)
        self.reports.append(report)
        return report

    def _event(self, report, kind, actor, at, note="", snapshot=None):
        self.events.append((report, ReportEvent(kind=kind, actor=actor, note=note, snapshot=snapshot or {}), at))

    def _content(self, report, values, activities, rng, by, at, *, options, complete=True):
        """Write the values and a progress row per activity; returns the ids of the activities said implemented."""
        implemented = set()
        for (indicator_id, key), value in values.items():
            self.values.append((report, StatValue(indicator_id=indicator_id, cell_key=key, value=value,
                                                  **options(indicator_id, key)), by, at))
        for activity in activities:
            if not complete and rng.random() < 0.5:
                continue
            # Most activities are done by their deadline; those not yet due are mostly under way.
            due = activity.due_on is not None and activity.due_on <= report.period.ends_on
            status = rng.choices(list(NARRATIVES), weights=[7, 2, 1, 0.5, 0.3] if due else [1, 3, 5, 1.5, 0.3])[0]
            # A quarter's spending is a small share of the activity's estimated cost (lead and partners report).
            spent = None
            if activity.estimated_cost and status in (ProgressStatus.IMPLEMENTED, ProgressStatus.PARTIAL,
                                                      ProgressStatus.IN_PROGRESS):
                spent = Decimal(round(float(activity.estimated_cost) * rng.uniform(0.02, 0.1), -3))
            role = ActivityRole.LEAD if activity.is_led_by(report.institution_id) else ActivityRole.PARTNER
            self.progress.append((report, ActivityProgress(activity=activity, status=status, role=role,
                                                           narrative=NARRATIVES[status], spent=spent), by, at))
            if status == ProgressStatus.IMPLEMENTED:
                implemented.add(activity.pk)
        return implemented

    def history_report(self, institution, period, reporter, reviewer, values_maker, level, activities, rng, *, latest,
                       authority=False):
        """One report of a past quarter; returns the activities it says implemented when it ends accepted."""
        values = values_maker.make(rng, level, period=period)
        created = _at(period.ends_on - datetime.timedelta(days=rng.randint(0, 10)), 9, rng)
        late = rng.random() < 0.15
        submitted_on = period.due_on + datetime.timedelta(days=rng.randint(1, 25)) if late else \
            period.due_on - datetime.timedelta(days=rng.randint(0, 14))
        if not authority and rng.random() < 0.05:  # started but never submitted
            report = self._report(institution, period, ReportStatus.DRAFT, created=created, saved=created, by=reporter)
            self._content(report, values, activities, rng, reporter, created, complete=False,
                          options=values_maker.cell_options)
            self._event(report, EventKind.CREATED, reporter, created)
            self._event(report, EventKind.SAVED, reporter, created + datetime.timedelta(minutes=20))
            return set()
        first = _at(submitted_on, 11, rng)
        returned = rng.random() < 0.22
        outcome = rng.random()
        if latest and outcome < 0.25:
            final_status = ReportStatus.SUBMITTED  # still waiting for review
        elif latest and outcome < 0.35:
            final_status, returned = ReportStatus.RETURNED, True
        else:
            final_status = ReportStatus.ACCEPTED
        snapshot = _snapshot(values)
        timeline = [(EventKind.CREATED, reporter, created, "", None),
                    (EventKind.SAVED, reporter, created + datetime.timedelta(hours=2), "", None)]
        last_submit = first
        times_returned = 0
        comment_at = None
        if returned:
            # The first submission had one figure wrong; the reviewer returned it, the reporter corrected it.
            wrong = dict(snapshot)
            if wrong:
                key = next(iter(wrong))
                wrong[key] = str(Decimal(wrong[key]) + 1)
            timeline.append((EventKind.SUBMITTED, reporter, first, "", {"values": wrong, "progress": {}}))
            comment_at = first + datetime.timedelta(days=rng.randint(2, 8), hours=1)
            comment = rng.choice(RETURN_COMMENTS)
            timeline.append((EventKind.RETURNED, reviewer, comment_at, comment, None))
            times_returned = 1
            self.comments.append((ReviewComment(author=reviewer, body=comment, round=1), comment_at, None))
            if activities and rng.random() < 0.5:
                self.comments.append((ReviewComment(author=reviewer, body=rng.choice(ITEM_COMMENTS), round=1,
                                                    activity=activities[0]), comment_at, None))
            if final_status != ReportStatus.RETURNED:
                last_submit = comment_at + datetime.timedelta(days=rng.randint(1, 6))
                timeline.append((EventKind.SUBMITTED, reporter, last_submit, "", {"values": snapshot, "progress": {}}))
        else:
            timeline.append((EventKind.SUBMITTED, reporter, first, "", {"values": snapshot, "progress": {}}))
        accepted_at = None
        if final_status == ReportStatus.ACCEPTED:
            accepted_at = last_submit + datetime.timedelta(days=rng.randint(1, 12), hours=2)
            timeline.append((EventKind.ACCEPTED, reviewer, accepted_at, "", None))
        last = timeline[-1][2]
        report = self._report(
            institution, period, final_status, created=created, saved=last, by=timeline[-1][1],
            first_submitted_at=first, submitted_at=last_submit, accepted_at=accepted_at,
            accepted_by=reviewer if accepted_at else None, times_returned=times_returned,
            version=len(timeline),
        )
        self.comments[:] = [(c, at, r or report) for c, at, r in self.comments]
        implemented = self._content(report, values, activities, rng, reporter, created + datetime.timedelta(hours=2),
                                    options=values_maker.cell_options)
        for kind, actor, at, note, snap in timeline:
            self._event(report, kind, actor, at, note, snap)
        return implemented if final_status == ReportStatus.ACCEPTED else set()

    def draft(self, institution, period, reporter, values_maker, level, activities, rng):
        created = _at(min(timezone.localdate(), period.ends_on) - datetime.timedelta(days=rng.randint(1, 20)), 10, rng)
        report = self._report(institution, period, ReportStatus.DRAFT, created=created, saved=created, by=reporter,
                              version=2)
        self._content(report, values_maker.make(rng, level, period=period, complete=False), activities, rng, reporter,
                      created, complete=False, options=values_maker.cell_options)
        self._event(report, EventKind.CREATED, reporter, created)
        self._event(report, EventKind.SAVED, reporter, created + datetime.timedelta(minutes=35))

    def flush(self):
        """Write everything: reports, then their children, each with history rows; then the timestamps."""
        reports = bulk_create_with_history(self.reports, QuarterlyReport)
        for report, original in zip(reports, self.reports, strict=True):
            report.created_at, report.updated_at = original._stamps
        QuarterlyReport.objects.bulk_update(reports, ["created_at", "updated_at"], batch_size=500)
        by_identity = {id(o): r for o, r in zip(self.reports, reports, strict=True)}

        def attach(rows):
            objects = []
            for report, obj, by, at in rows:
                obj.report = by_identity[id(report)]
                obj._history_user, obj._history_date = by, at
                objects.append(obj)
            return objects

        values = attach(self.values)
        bulk_create_with_history(values, StatValue, batch_size=2000)
        bulk_create_with_history(attach(self.progress), ActivityProgress, batch_size=2000)
        comments = []
        for comment, at, report in self.comments:
            comment.report = by_identity[id(report)]
            comment._history_user, comment._history_date, comment._at = comment.author, at, at
            comments.append(comment)
        comments = bulk_create_with_history(comments, ReviewComment)
        for comment, original in zip(comments, [c for c, _a, _r in self.comments], strict=True):
            comment.created_at = original._at
        ReviewComment.objects.bulk_update(comments, ["created_at"], batch_size=500)
        events = []
        for report, event, at in self.events:
            event.report = by_identity[id(report)]
            event._at = at
            events.append(event)
        created = ReportEvent.objects.bulk_create(events, batch_size=2000)
        for event, original in zip(created, events, strict=True):
            event.at = original._at
        ReportEvent.objects.bulk_update(created, ["at"], batch_size=1000)
        self.report_count, self.value_count = len(reports), len(values)


def _snapshot(values):
    return {f"{i}|{k}": str(v) for (i, k), v in values.items()}
