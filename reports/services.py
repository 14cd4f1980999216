"""Writes of quarterly reports: start, save, submit, return, accept, reopen.

Every function runs in one transaction, checks the workflow (reports.workflow) and the access policy,
writes the history (django-simple-history) with the acting user and a ReportEvent for the timeline.
Changes of the report row go through a conditional UPDATE (… WHERE status IN … AND version = n), so two
people or two clicks can never both win.
"""

import copy
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from antitrafik.history import save_audited
from antitrafik.tasks import enqueue
from institutions.choices import InstitutionKind
from strategy.choices import PeriodStatus
from strategy.models import ReportingPeriod

from . import validation, workflow
from .choices import EventKind, ReportStatus
from .models import ActivityProgress, QuarterlyReport, ReportEvent, ReviewComment, StatValue
from .models.quarterly import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH, ReportError
from .numbers import is_lower_bound, readable_figure, same_figure
from .secretariat.selectors import missing_follow_ups
from .selectors.report import (
    plan_rows_of,
    previous_totals,
    report_activities,
    report_data,
    report_grids,
    snapshot_of,
    stored_figures,
    stored_progress,
)
from .tasks import notify_report


class SubmissionBlocked(ReportError):
    """Validation found errors, warnings without an explanation or activities without a status: the report
    stays where it is."""

    def __init__(self, message, *, issues, unanswered=()):
        super().__init__(message)
        self.issues = list(issues)
        self.unanswered = list(unanswered)

    @property
    def progress_errors(self):
        """{input name: message} next to the status of each activity left without one."""
        return {f"a-{activity.pk}-status": _("Choose a status: the report cannot be submitted without one.")
                for activity in self.unanswered}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _record_report_history(report, by, reason=""):
    QuarterlyReport.history.bulk_history_create([report], update=True, default_user=by,
                                                default_change_reason=str(reason)[:100] or None)


def _event(report, kind, by, *, note="", snapshot=None, at=None):
    """The timeline event; `at` is the moment a transition also wrote on the report (default: now)."""
    event = ReportEvent.objects.create(report=report, kind=kind, actor=by, note=note, snapshot=snapshot or {})
    if at is not None:
        ReportEvent.objects.filter(pk=event.pk).update(at=at)
        event.at = at
    return event


def _hold_period(period_id):
    """Hold a share lock on the report's period until this transaction ends.

    A concurrent `period_lock` (SELECT … FOR UPDATE) then waits for this write to finish, and a write
    that starts after the lock sees the period locked: no save can slip in just after the lock.
    (SQLite serialises writers anyway.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {ReportingPeriod._meta.db_table} WHERE id = %s FOR SHARE", [period_id])  # noqa: S608


def _advance(report, *, by, sources, changes, expected_version=None, reason="", at=None):
    """Change the report row only if it is still in `sources` (and at `expected_version`). True when it was."""
    _hold_period(report.period_id)
    queryset = QuarterlyReport.objects.filter(pk=report.pk, status__in=list(sources))
    if expected_version is not None:
        queryset = queryset.filter(version=expected_version)
    updated = queryset.update(version=F("version") + 1, updated_at=at or timezone.now(), updated_by=by, **changes)
    if updated != 1:
        return False
    report.refresh_from_db(fields=["status", "version", "updated_at", "updated_by", *changes])
    _record_report_history(report, by, reason)
    return True


def _check_text(text, *, limit, label):
    if len(text) > limit:
        raise ReportError(_("%(label)s is too long: at most %(limit)s characters (it has %(n)s).") % {
            "label": label, "limit": limit, "n": len(text),
        })


def _required_text(text, *, missing, label):
    """The text stripped; ReportError when it is empty or longer than a comment may be."""
    text = (text or "").strip()
    if not text:
        raise ReportError(missing)
    _check_text(text, limit=COMMENT_MAX_LENGTH, label=label)
    return text


def _transition(action, report, *, by, at, changes):
    """Move the report along `action` of the workflow table, or raise why not (also when another request won)."""
    transition = workflow.check_transition(action, report, by)
    if not _advance(report, by=by, sources=transition.sources, at=at, reason=action, changes=changes):
        report.refresh_from_db()
        workflow.check_transition(action, report, by)  # raises AlreadyDoneError / TransitionError
        raise workflow.TransitionError(_("The report changed in the meantime: try again."))


# ---------------------------------------------------------------------------------------------
# Start and save
# ---------------------------------------------------------------------------------------------


def report_start(*, institution, period, by) -> QuarterlyReport:
    """The institution's report for the period, created (as a draft) if it does not exist yet."""
    from antitrafik import policy

    existing = QuarterlyReport.objects.filter(institution=institution, period=period).first()
    if existing is not None:
        return existing
    if not policy.can(by, "report.start") or by.institution_id != institution.pk:
        raise workflow.TransitionError(_("Only the institution's reporters can start its report."),
                                       kind=workflow.TransitionError.FORBIDDEN)
    if not institution.is_active or institution.kind == InstitutionKind.UNIT:
        raise workflow.TransitionError(_("Only active reporting institutions have quarterly reports."))
    if period.status == PeriodStatus.LOCKED:
        raise workflow.PeriodLockedError()
    if period.status != PeriodStatus.OPEN:
        raise workflow.TransitionError(_("Reports can only be started for an open period."))
    try:
        with transaction.atomic():
            _hold_period(period.pk)
            if ReportingPeriod.objects.filter(pk=period.pk, status=PeriodStatus.LOCKED).exists():
                raise workflow.PeriodLockedError()
            report = QuarterlyReport(institution=institution, period=period, updated_by=by)
            report._history_user = by
            report.full_clean(exclude=["institution", "period", "updated_by", "accepted_by"], validate_unique=False)
            report.save()
            _event(report, EventKind.CREATED, by)
    except IntegrityError:
        # Two first clicks at once: the other one created it.
        return QuarterlyReport.objects.get(institution=institution, period=period)
    return report


def report_save(*, report, by, version, progress=None, values=None, warning_explanation=None, replies=None,
                event_kind=EventKind.SAVED, data=None) -> QuarterlyReport:
    """Save the reporter's changes to a draft or returned report.

    `progress` maps activity id → {"status", "narrative", "spent", "reopen"}; `values` maps (indicator id, cell key)
    → Decimal or None (an empty cell); `replies` maps review comment id → the institution's reply under it.
    Keys that are not the institution's are refused, and nothing is saved: the report's grids and activities are
    read here, or taken from `data` (its ReportData, read by the same request to parse the form), and so are its
    stored figures and progress rows when a `version` is checked (see _stored).
    A stale `version` (somebody saved in between) raises StaleVersionError listing what differs.
    """
    with transaction.atomic():
        workflow.check_edit(report, by)
        if data is not None and data.report.pk != report.pk:
            data = None
        if data is not None:
            grids, activity_list = data.grids, data.activities
        else:
            grids, activity_list = report_grids(report), report_activities(report)
        activities = {a.pk: a for a in activity_list}
        allowed_cells = {(g.pk, key): g for g in grids for key in g.all_keys()}
        values = dict(values or {})
        progress = dict(progress or {})
        foreign_cells = [key for key in values if key not in allowed_cells]
        if foreign_cells:
            raise ReportError(_("Values were sent for indicators or cells that are not part of this report: nothing was saved."))
        if any(activity_id not in activities for activity_id in progress):
            raise ReportError(_("Progress was sent for activities that are not part of this report: nothing was saved."))
        if warning_explanation is not None:
            _check_text(warning_explanation, limit=TEXT_MAX_LENGTH, label=_("The explanation"))
        for row in progress.values():
            _check_text(row.get("narrative") or "", limit=TEXT_MAX_LENGTH, label=_("What was done"))
        replies = dict(replies or {})
        comments = {c.pk: c for c in ReviewComment.objects.filter(report=report, pk__in=list(replies))}
        if set(replies) - set(comments):
            raise ReportError(_("A reply was sent to a comment that is not on this report: nothing was saved."))
        for text in replies.values():
            _check_text(text, limit=COMMENT_MAX_LENGTH, label=_("The reply"))

        stored_values, stored_rows = _stored(report, data if version is not None else None)
        _check_layouts(values, stored_values, allowed_cells)

        changes = {}
        if warning_explanation is not None:
            changes["warning_explanation"] = warning_explanation.strip()
        # The plan as it is now is what this save answers: kept for when the period is locked before submission.
        if not _advance(report, by=by, sources=workflow.EDITABLE_STATUSES,
                        changes={**changes, "plan_rows": plan_rows_of(activity_list, grids)},
                        expected_version=version):
            _refuse_save(report, by=by, values=values, progress=progress, grids=allowed_cells, activities=activities)

        changed_cells = _write_values(report, by, values, stored_values, allowed_cells)
        changed_activities = _write_progress(report, by, progress, stored_rows, activities)
        replied = _write_replies(comments, replies, by)
        if changed_cells or changed_activities or replied or event_kind != EventKind.SAVED or changes:
            _event(report, event_kind, by,
                   snapshot={"changed_cells": changed_cells, "changed_activities": changed_activities})
    return report


def _stored(report, data):
    """The report as stored: its figures {(indicator id, cell key): figure} and its progress rows {activity id:
    ActivityProgress}. Taken from `data` when the request read them already (before this transaction: a save
    whose version check passes knows that nothing was saved since the form was opened, hence since `data` was
    read), else read now. The progress rows are copies: a save refused half-way leaves `data` as it was read."""
    if data is None:
        return stored_figures(report), stored_progress(report)
    return dict(data.values), {pk: copy.copy(row) for pk, row in data.progress.items()}


def _write_replies(comments, replies, by):
    """The institution's replies under review comments, each change in the comment's history. Returns how many."""
    changed = 0
    for comment_id, text in replies.items():
        comment, text = comments[comment_id], text.strip()
        if comment.reply == text:
            continue
        comment.reply, comment.replied_at = text, timezone.now() if text else None
        save_audited(comment, by=by)
        changed += 1
    return changed


def _check_layouts(values, stored_values, grids):
    """Refuse a save that would leave an indicator entered either way (`both`) with values in its cross-table
    and in its one-way tables: which of the two is the institution's figure would be a guess."""
    merged = dict(stored_values)
    merged.update(values)
    for grid in {id(grids[key]): grids[key] for key in values}.values():
        if grid.layout_conflict(merged):
            raise ReportError(_("%(indicator)s: fill either the cross-table or the one-way tables, not both. "
                                "Nothing was saved.") % {"indicator": grid.indicator.code})


def _refuse_save(report, *, by, values, progress, grids, activities):
    """Raise the right error for a save whose conditional UPDATE matched nothing: what differs is read now (the
    other save has committed)."""
    current = QuarterlyReport.objects.select_related("updated_by", "period").get(pk=report.pk)
    if current.status not in workflow.EDITABLE_STATUSES:
        raise workflow.TransitionError(
            _("This report was %(status)s in the meantime: your changes were not saved.")
            % {"status": ReportStatus(current.status).label.lower()}
        )
    stored_values, stored_rows = _stored(report, None) if values or progress else ({}, {})
    differences = []
    for key, new in values.items():
        saved = stored_values.get(key)
        if not same_figure(saved, new):
            grid = grids[key]
            differences.append({"what": grid.indicator, "where": grid.label_for_key(key[1]),
                                "saved": readable_figure(saved), "yours": readable_figure(new)})
    for activity_id, row in progress.items():
        stored = stored_rows.get(activity_id)
        for name in ("status", "narrative", "spent"):
            saved = getattr(stored, name) if stored else None
            yours = row.get(name)
            if (saved or None) != (yours or None) and not (
                name == "spent" and saved is not None and yours is not None and Decimal(saved) == Decimal(yours)
            ):
                differences.append({"what": activities[activity_id], "where": name, "saved": saved, "yours": yours})
    raise workflow.StaleVersionError(
        _("%(who)s saved this report at %(when)s, after you opened it. Your changes were not saved: "
          "check the differences below, then save again.") % {
            "who": current.updated_by or _("somebody"),
            "when": timezone.localtime(current.updated_at).strftime("%H:%M:%S"),
        },
        changes=differences, saved_by=current.updated_by, saved_at=current.updated_at,
    )


def _write_rows(model, *, by, incoming, stored, fields, make, not_cleaned):
    """Create, update and delete the rows of `model` that changed, in bulk with their history; how many changed.

    `incoming` maps a key to the row's new `fields` values, or to None when there should be no row; `stored`
    maps the key to the row there is. `make(key, values)` builds a new row. Rows are validated first
    (but the fields `not_cleaned`): a wrong value raises ReportError and nothing is written.
    """
    to_create, to_update, to_delete = [], [], []
    for key, values in incoming.items():
        row = stored.get(key)
        if values is None:
            if row is not None:
                to_delete.append(row.pk)
        elif row is None:
            to_create.append(make(key, values))
        elif any(getattr(row, name) != values[name] for name in fields):
            for name in fields:
                setattr(row, name, values[name])
            to_update.append(row)
    for row in to_create + to_update:
        try:
            row.clean_fields(exclude=not_cleaned)
        except ValidationError as error:
            raise ReportError(" ".join(error.messages)) from None
    if to_create:
        bulk_create_with_history(to_create, model, default_user=by)
    if to_update:
        bulk_update_with_history(to_update, model, fields, default_user=by)
    if to_delete:
        model.objects.filter(pk__in=to_delete).delete_with_history(by=by)
    return len(to_create) + len(to_update) + len(to_delete)


def _write_values(report, by, values, stored_values, grids):
    """The statistics: a cell without a value has no row. Only the rows of the cells that change are read (a
    report holds up to some 840 cells; a save usually changes a few)."""
    def make(key, fields):
        options = grids[key].options_for_key(key[1])
        return StatValue(report=report, indicator_id=key[0], cell_key=key[1], option_1_id=options.get(1),
                         option_2_id=options.get(2), option_3_id=options.get(3), **fields)

    changed = {key: new for key, new in values.items() if not same_figure(stored_values.get(key), new)}
    if not changed:
        return 0
    rows = StatValue.objects.filter(report=report, indicator_id__in={i for i, _k in changed},
                                    cell_key__in={k for _i, k in changed}).order_by()
    incoming = {key: None if new is None else {"value": Decimal(new), "is_lower_bound": is_lower_bound(new)}
                for key, new in changed.items()}
    stored = {(row.indicator_id, row.cell_key): row for row in rows if (row.indicator_id, row.cell_key) in changed}
    return _write_rows(StatValue, by=by, incoming=incoming, stored=stored, fields=["value", "is_lower_bound"],
                       make=make, not_cleaned=["report", "indicator", "option_1", "option_2", "option_3"])


def _write_progress(report, by, progress, stored_progress, activities):
    """The activities' progress. A row exists when the report says something about the activity, or reopens one
    the institution reported done (`reopen`, even with nothing else yet). It records the institution's part in
    the activity (lead or partner) as the plan says now."""
    incoming = {}
    for activity_id, row in progress.items():
        status, narrative, spent = row.get("status") or "", (row.get("narrative") or "").strip(), row.get("spent")
        empty = not status and not narrative and spent is None and not row.get("reopen")
        incoming[activity_id] = None if empty else {"status": status, "narrative": narrative, "spent": spent,
                                                    "role": activities[activity_id].report_role}
    return _write_rows(
        ActivityProgress, by=by, incoming=incoming, stored=stored_progress,
        fields=["status", "narrative", "spent", "role"],
        make=lambda activity_id, fields: ActivityProgress(report=report, activity_id=activity_id, **fields),
        not_cleaned=["report", "activity"],
    )


# ---------------------------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------------------------


def report_check(*, report):
    """The validation issues of the report as it is stored now (for submission and for the page)."""
    data = report_data(report, with_history=False, statuses=False)
    previous = previous_totals(report, [g.pk for g in data.grids])
    return data, validation.evaluate(data.grids, data.values, previous=previous)


def report_submit(*, report, by, warning_explanation=None) -> QuarterlyReport:
    """Submit a draft or returned report: validation errors block; warnings need an explanation.

    A second submit of an already submitted report raises AlreadyDoneError (a double click submits once).
    """
    with transaction.atomic():
        workflow.check_transition("submit", report, by)
        data, issues = report_check(report=report)
        unanswered = data.unanswered()
        if unanswered:
            raise SubmissionBlocked(
                _("The report was not submitted: choose a status for every activity (missing for %(codes)s).")
                % {"codes": ", ".join(a.code for a in unanswered)}, issues=issues, unanswered=unanswered)
        if missing := missing_follow_ups(report):
            raise SubmissionBlocked(
                _("The report was not submitted: give a status and a short account for every decision or "
                  "recommendation assigned to your institution (missing for %(codes)s).")
                % {"codes": ", ".join(item.code for item in missing)}, issues=issues)
        if any(i.is_error for i in issues):
            raise SubmissionBlocked(_("The report was not submitted: correct the errors shown next to the cells."),
                                    issues=issues)
        explanation = (report.warning_explanation if warning_explanation is None else warning_explanation).strip()
        _check_text(explanation, limit=TEXT_MAX_LENGTH, label=_("The explanation"))
        warnings = validation.needs_explanation(issues)
        if warnings and not explanation:
            raise SubmissionBlocked(_("The report was not submitted: explain the warnings shown next to the cells "
                                      "in a few words."), issues=issues)
        now = timezone.now()
        _transition("submit", report, by=by, at=now, changes={
            "status": ReportStatus.SUBMITTED, "submitted_at": now,
            "first_submitted_at": Coalesce(F("first_submitted_at"), now),
            "warning_explanation": explanation if warnings else report.warning_explanation,
            "plan_rows": plan_rows_of(data.activities, data.grids, progress=data.progress.values(), values=data.values),
        })
        _record_roles(data, by)
        _event(report, EventKind.SUBMITTED, by, note=explanation if warnings else "", snapshot=snapshot_of(data), at=now)
        enqueue(notify_report, report.pk, "submitted")
    return report


def _record_roles(data, by):
    """Each progress row of a submitted report records the institution's part in its activity (lead or partner)
    as submitted: the plan's lead may change later, what the lead reported stays the lead's."""
    roles = {a.pk: a.report_role for a in data.activities}
    changed = [row for row in data.progress.values() if roles.get(row.activity_id, row.role) != row.role]
    for row in changed:
        row.role = roles[row.activity_id]
    if changed:
        bulk_update_with_history(changed, ActivityProgress, ["role"], default_user=by)


def report_return(*, report, by, comment, item_comments=()) -> QuarterlyReport:
    """Return a submitted report to the institution with a mandatory comment (and optional ones per item).

    `item_comments` is a list of {"activity": id or None, "indicator": id or None, "body": text}.
    """
    comment = _required_text(comment, missing=_("Write a comment saying what the institution should correct."),
                             label=_("The comment"))
    with transaction.atomic():
        workflow.check_transition("return", report, by)
        items = _item_comments(report, item_comments)
        now = timezone.now()
        round_ = report.times_returned + 1
        _transition("return", report, by=by, at=now, changes={
            "status": ReportStatus.RETURNED, "times_returned": F("times_returned") + 1,
        })
        comments = [ReviewComment(report=report, author=by, body=comment, round=round_)]
        comments += [ReviewComment(report=report, author=by, round=round_, **item) for item in items]
        bulk_create_with_history(comments, ReviewComment, default_user=by)
        _event(report, EventKind.RETURNED, by, note=comment, at=now)
        enqueue(notify_report, report.pk, "returned")
    return report


def _item_comments(report, item_comments):
    """Check the per-item comments: non-empty, not too long, and about this report's activities and indicators."""
    activity_ids = {a.pk for a in report_activities(report)} if item_comments else set()
    indicator_ids = {g.pk for g in report_grids(report)} if item_comments else set()
    items = []
    for item in item_comments:
        body = (item.get("body") or "").strip()
        if not body:
            continue
        _check_text(body, limit=COMMENT_MAX_LENGTH, label=_("The comment"))
        activity_id, indicator_id = item.get("activity"), item.get("indicator")
        if activity_id is not None and activity_id not in activity_ids:
            raise ReportError(_("A comment is about an activity that is not part of this report."))
        if indicator_id is not None and indicator_id not in indicator_ids:
            raise ReportError(_("A comment is about an indicator that is not part of this report."))
        items.append({"activity_id": activity_id, "indicator_id": indicator_id, "body": body})
    return items


def report_accept(*, report, by) -> QuarterlyReport:
    """Accept a submitted report."""
    with transaction.atomic():
        now = timezone.now()
        _transition("accept", report, by=by, at=now, changes={
            "status": ReportStatus.ACCEPTED, "accepted_at": now, "accepted_by": by,
        })
        _event(report, EventKind.ACCEPTED, by, at=now)
        enqueue(notify_report, report.pk, "accepted")
    return report


def report_reopen(*, report, by, reason) -> QuarterlyReport:
    """The director reopens an accepted report with a reason: it goes back to the institution as returned."""
    reason = _required_text(reason, missing=_("Give the reason for reopening the report."), label=_("The reason"))
    with transaction.atomic():
        now = timezone.now()
        round_ = report.times_returned + 1
        _transition("reopen", report, by=by, at=now, changes={
            "status": ReportStatus.RETURNED, "accepted_at": None, "accepted_by": None,
            "times_returned": F("times_returned") + 1,
        })
        bulk_create_with_history([ReviewComment(report=report, author=by, body=reason, round=round_)], ReviewComment,
                                 default_user=by)
        _event(report, EventKind.REOPENED, by, note=reason, at=now)
        enqueue(notify_report, report.pk, "returned")
    return report
