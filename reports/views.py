"""Views of quarterly reports: the report page and its edit form, review, history, spreadsheets, follow-up."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik import policy
from antitrafik.policy import PolicyMixin
from antitrafik.spreadsheets import SpreadsheetError
from institutions.models import Institution, User
from strategy.models import ReportingPeriod

from . import services, validation, workflow, xlsx
from .choices import EventKind, ProgressStatus, ReportStatus
from .forms import BoardFilterForm, ReopenForm, ReportEditForm, ReturnForm, SubmitForm, UploadForm
from .grid import plain_number
from .models import QuarterlyReport
from .models.quarterly import ReportError
from .selectors.change_log import report_change_log
from .selectors.follow_up import (
    board,
    open_comments,
    periods_in_use,
    reporter_reports,
    review_queue,
    submission_rates,
    waiting_too_long,
)
from .selectors.report import changes_between, last_submission_snapshot, previous_totals, report_data

# ---------------------------------------------------------------------------------------------
# One report
# ---------------------------------------------------------------------------------------------


class ReportMixin(PolicyMixin):
    """Fetch the report from the user's scope (404 outside it), then ask the policy about this report (403)."""

    def get_report(self):
        queryset = QuarterlyReport.objects.for_user(self.request.user).with_relations()
        report = get_object_or_404(queryset, pk=self.kwargs["pk"])
        policy.require(self.request.user, self.permission, report)
        return report

    def run(self, report, action, success):
        """Run a workflow service and go back to the report with its outcome as a message."""
        try:
            action()
        except workflow.AlreadyDoneError as error:
            return self.back_to_report(report, error, level=messages.INFO)
        except ReportError as error:
            return self.back_to_report(report, error)
        messages.success(self.request, success)
        return redirect(report.get_absolute_url())

    def back_to_report(self, report, error=None, level=messages.ERROR):
        if error is not None:
            messages.add_message(self.request, level, str(error))
        return redirect(report.get_absolute_url())

    def refusal(self, report, check, *args):
        """None when `check(*args)` passes; otherwise back to the report with the reason."""
        try:
            check(*args)
        except workflow.AlreadyDoneError as error:
            return self.back_to_report(report, error, level=messages.INFO)
        except ReportError as error:
            return self.back_to_report(report, error)
        return None


def _grid_layouts(data, *, errors=None, raw=None, issues=None):
    issues_by_name = validation.issues_by_input(issues or [])
    layouts = []
    for grid in data.grids:
        layout = grid.layout(data.values, errors=errors, raw=raw)
        layout["comments"] = data.comments_for_indicator(grid.pk)
        one_way_cells = [r["cell"] for table in layout["tables"] for r in table["rows"]]
        for cell in [layout["total"], *[c for row in layout["rows"] for c in row["cells"]], *one_way_cells]:
            cell["issues"] = issues_by_name.get(cell["name"], [])
        for table in layout["tables"]:
            table["issues"] = issues_by_name.get(table["anchor"], [])
        layout["issues"] = [i for name, found in issues_by_name.items() if name.startswith(f"v-{grid.pk}-") for i in found]
        layouts.append(layout)
    return layouts


def _progress_rows(data, raw=None, errors=None):
    """The progress rows with what to show in each input: the user's typed text after a refused save."""
    raw, errors = raw or {}, errors or {}
    rows = data.progress_rows()
    for row in rows:
        prefix, progress = f"a-{row['activity'].pk}-", row["progress"]
        stored = {
            "status": progress.status if progress else "",
            "narrative": progress.narrative if progress else "",
            "spent": "" if progress is None or progress.spent is None else plain_number(progress.spent),
        }
        for name, value in stored.items():
            row[f"{name}_shown"] = raw.get(prefix + name, value)
        row["reopen_shown"] = bool(raw.get(prefix + "reopen")) if raw else row["reopened"] is not None
        row["errors"] = {name: errors[prefix + name] for name in stored if prefix + name in errors}
    return rows


def _report_context(request, report, data, **extra):
    user = request.user
    actions = workflow.allowed_actions(report, user)
    context = {
        "report": report,
        "data": data,
        "progress_rows": _progress_rows(data, extra.get("raw"), extra.get("errors")),
        "actions": actions,
        "can_review": policy.can(user, "report.review", report),
        "events": data.events,
        "general_comments": data.general_comments(),
        "open_comments": report.status == ReportStatus.RETURNED,
        "review_waiting_days": settings.REVIEW_WAITING_DAYS,
    }
    context.update(extra)
    context["needs_explanation"] = validation.needs_explanation(context.get("issues") or [])
    if "grids" not in context:
        context["grids"] = _grid_layouts(data)
    return context


class ReportDetailView(ReportMixin, View):
    """The report page: state, actions, progress, statistics, comments, what changed, timeline."""

    permission = "report.view"

    def get(self, request, pk):
        report = self.get_report()
        data = report_data(report)
        extra = {}
        if policy.can(request.user, "report.review", report) and report.status == ReportStatus.SUBMITTED:
            previous = last_submission_snapshot(report, before_last=True)
            if previous is not None:
                extra["changes_since"] = changes_between(data, previous)
        if "submit" in workflow.allowed_actions(report, request.user):
            previous = previous_totals(report, [g.pk for g in data.grids])
            issues = validation.evaluate(data.grids, data.values, previous=previous)
            extra["issues"] = issues
            extra["grids"] = _grid_layouts(data, issues=issues)
            extra["submit_form"] = SubmitForm(initial={"warning_explanation": report.warning_explanation})
        return render(request, "reports/quarterlyreport_detail.html", _report_context(request, report, data, **extra))


class ReportEditView(ReportMixin, View):
    """The edit form: progress rows and the statistics grid in one HTML form, saved (and submitted) at once."""

    permission = "report.edit"

    def dispatch_checked(self, report):
        return self.refusal(report, workflow.check_edit, report, self.request.user)

    def get(self, request, pk):
        report = self.get_report()
        refused = self.dispatch_checked(report)
        if refused:
            return refused
        data = report_data(report)
        return self.render_form(report, data)

    def render_form(self, report, data, *, form=None, conflict=None, issues=None, status=200, version=None):
        errors = form.errors if form else {}
        raw = form.raw if form else {}
        context = _report_context(
            self.request, report, data, form=form, conflict=conflict, issues=issues or [],
            grids=_grid_layouts(data, errors=errors, raw=raw, issues=issues),
            version=version if version is not None else report.version,
            progress_choices=ProgressStatus.choices,
            raw=raw, errors=errors,
            warning_explanation=raw.get("warning_explanation", report.warning_explanation),
        )
        return render(self.request, "reports/quarterlyreport_form.html", context, status=status)

    def post(self, request, pk):
        report = self.get_report()
        refused = self.dispatch_checked(report)
        if refused:
            return refused
        data = report_data(report)
        form = ReportEditForm(request.POST, report_data=data)
        if not form.is_valid():
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
            return self.render_form(report, data, form=form, status=400, version=form.version)
        try:
            services.report_save(report=report, by=request.user, version=form.version, progress=form.progress,
                                 values=form.values, warning_explanation=form.warning_explanation)
        except workflow.StaleVersionError as error:
            messages.error(request, str(error))
            current = QuarterlyReport.objects.get(pk=report.pk)
            return self.render_form(report, data, form=form, conflict=error.changes, status=409, version=current.version)
        except ReportError as error:
            messages.error(request, str(error))
            return self.render_form(report, data, form=form, status=400, version=form.version)
        if request.POST.get("action") != "submit":
            messages.success(request, _("The report was saved."))
            return redirect(reverse("reports:report_edit", args=[report.pk]))
        try:
            services.report_submit(report=report, by=request.user, warning_explanation=form.warning_explanation)
        except services.SubmissionBlocked as error:
            messages.warning(request, _("Your changes were saved, but the report was not submitted."))
            messages.error(request, str(error))
            form.errors.update(error.progress_errors)
            data = report_data(report)
            return self.render_form(report, data, form=form, issues=error.issues, status=400, version=report.version)
        except ReportError as error:
            return self.back_to_report(report, error)
        messages.success(request, _("The report was submitted. The unit has been told."))
        return redirect(report.get_absolute_url())


class ReportOpenView(PolicyMixin, View):
    """A reporter opens its institution's report of a period: created as a draft the first time.

    GET only reads: it goes to the report when there is one, and otherwise asks to start it; the
    draft is created by the POST (a link followed from elsewhere cannot create it).
    """

    permission = "report.start"

    def go_to(self, report):
        if workflow.allowed("edit", report, self.request.user):
            return redirect("reports:report_edit", pk=report.pk)
        return redirect(report.get_absolute_url())

    def get(self, request, period_pk):
        period = get_object_or_404(ReportingPeriod, pk=period_pk)
        report = QuarterlyReport.objects.for_user(request.user).filter(period=period).first()
        if report is not None:
            return self.go_to(report)
        return render(request, "generic/confirm.html", {
            "title": _("Start the report for %(period)s") % {"period": period},
            "question": _("Start your institution's report for %(period)s? It is saved as a draft that you can "
                          "fill in and submit later.") % {"period": period},
            "cancel_url": reverse("reports:my_reports"), "submit_label": _("Start the report"),
        })

    def post(self, request, period_pk):
        period = get_object_or_404(ReportingPeriod, pk=period_pk)
        try:
            report = services.report_start(institution=request.user.institution, period=period, by=request.user)
        except ReportError as error:
            messages.error(request, str(error))
            return redirect("reports:my_reports")
        return self.go_to(report)


class ReportSubmitView(ReportMixin, View):
    """Submit the report as it is stored (the page's submit button; the edit form can save and submit)."""

    permission = "report.submit"

    def post(self, request, pk):
        report = self.get_report()
        form = SubmitForm(request.POST)
        explanation = form.cleaned_data["warning_explanation"] if form.is_valid() else None
        if not form.is_valid():
            return self.back_to_report(report, " ".join(form.errors.get("warning_explanation", [])))
        return self.run(report, lambda: services.report_submit(report=report, by=request.user,
                                                               warning_explanation=explanation),
                        _("The report was submitted. The unit has been told."))


class ReportReturnView(ReportMixin, View):
    """Return a submitted report with a comment (and optional comments per activity or indicator)."""

    permission = "report.review"

    def get_form(self, report, data=None):
        data_ = report_data(report)
        return data_, ReturnForm(data, activities=data_.activities, grids=data_.grids)

    def refused(self, report):
        return self.refusal(report, workflow.check_transition, "return", report, self.request.user)

    def render_form(self, report, data, form, status=200):
        items = [(form[name], target) for name, target in form.item_fields]
        activity_items = [(field, data.activity_by_id[t["activity"]]) for field, t in items if t["activity"]]
        indicator_items = [(field, data.grid_by_id[t["indicator"]].indicator) for field, t in items if t["indicator"]]
        return render(self.request, "reports/quarterlyreport_return.html", {
            "report": report, "form": form, "activity_items": activity_items, "indicator_items": indicator_items,
        }, status=status)

    def get(self, request, pk):
        report = self.get_report()
        if (refused := self.refused(report)) is not None:
            return refused
        data, form = self.get_form(report)
        return self.render_form(report, data, form)

    def post(self, request, pk):
        report = self.get_report()
        if (refused := self.refused(report)) is not None:
            return refused
        data, form = self.get_form(report, request.POST)
        if not form.is_valid():
            return self.render_form(report, data, form, status=400)
        try:
            services.report_return(report=report, by=request.user, comment=form.cleaned_data["comment"],
                                   item_comments=form.item_comments())
        except ReportError as error:
            form.add_error(None, str(error))
            return self.render_form(report, data, form, status=400)
        messages.success(request, _("The report was returned to the institution with your comments."))
        return redirect(report.get_absolute_url())


class ReportAcceptView(ReportMixin, View):
    permission = "report.review"

    def post(self, request, pk):
        report = self.get_report()
        return self.run(report, lambda: services.report_accept(report=report, by=request.user),
                        _("The report was accepted."))


class ReportReopenView(ReportMixin, View):
    """The director reopens an accepted report with a reason."""

    permission = "report.reopen"

    def render_form(self, report, form, status=200):
        return render(self.request, "generic/confirm.html", {
            "title": _("Reopen the report %(report)s") % {"report": report},
            "question": _("The report goes back to the institution as returned, with your reason as the comment to answer."),
            "form": form, "cancel_url": report.get_absolute_url(), "submit_label": _("Reopen"), "danger": True,
        }, status=status)

    def check(self, report):
        return self.refusal(report, workflow.check_transition, "reopen", report, self.request.user)

    def get(self, request, pk):
        report = self.get_report()
        return self.check(report) or self.render_form(report, ReopenForm())

    def post(self, request, pk):
        report = self.get_report()
        if (refused := self.check(report)) is not None:
            return refused
        form = ReopenForm(request.POST)
        if not form.is_valid():
            return self.render_form(report, form, status=400)
        try:
            services.report_reopen(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except ReportError as error:
            form.add_error(None, str(error))
            return self.render_form(report, form, status=400)
        messages.success(request, _("The report was reopened and sent back to the institution."))
        return redirect(report.get_absolute_url())


class ReportHistoryView(ReportMixin, View):
    """Every recorded change of the report, its values and its progress rows: who, when, before and after."""

    permission = "report.history"

    def get(self, request, pk):
        report = self.get_report()
        data = report_data(report, with_history=False)
        entries = report_change_log(report, data)
        return render(request, "reports/quarterlyreport_history.html", {"report": report, "entries": entries})


# ---------------------------------------------------------------------------------------------
# Spreadsheet round trip
# ---------------------------------------------------------------------------------------------


class ReportXlsxView(ReportMixin, View):
    """Download the statistics form of the report, pre-filled, as XLSX."""

    permission = "report.export"

    def get(self, request, pk):
        report = self.get_report()
        data = report_data(report, with_history=False)
        return xlsx.statistics_response(data)


class ReportUploadView(ReportMixin, View):
    """Upload a filled statistics spreadsheet into a draft or returned report: all or nothing."""

    permission = "report.import"

    def render_form(self, report, form, problems=(), status=200):
        return render(self.request, "reports/quarterlyreport_upload.html",
                      {"report": report, "form": form, "problems": problems}, status=status)

    def check(self, report):
        return self.refusal(report, workflow.check_edit, report, self.request.user)

    def get(self, request, pk):
        report = self.get_report()
        return self.check(report) or self.render_form(report, UploadForm())

    def post(self, request, pk):
        report = self.get_report()
        if (refused := self.check(report)) is not None:
            return refused
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(report, form, status=400)
        data = report_data(report, with_history=False)
        try:
            values = xlsx.read_statistics(form.cleaned_data["file"], data)
            services.report_save(report=report, by=request.user, version=report.version, values=values,
                                 event_kind=EventKind.IMPORTED)
        except xlsx.CellErrors as error:
            form.add_error("file", _("Nothing was imported: correct the cells listed below and upload again."))
            return self.render_form(report, form, problems=error.problems, status=400)
        except (SpreadsheetError, ReportError) as error:
            form.add_error("file", str(error))
            return self.render_form(report, form, status=400)
        messages.success(request, _("The statistics were imported from the spreadsheet."))
        return redirect("reports:report_edit", pk=report.pk)


# ---------------------------------------------------------------------------------------------
# Follow-up
# ---------------------------------------------------------------------------------------------


class MyReportsView(PolicyMixin, View):
    """The reporter's page: this quarter's report, its state and due date, comments to answer, past reports."""

    permission = "report.mine"

    def get(self, request):
        institution = request.user.institution
        rows = reporter_reports(institution)
        returned = [r for r in rows["reports"] if r.status == ReportStatus.RETURNED]
        return render(request, "reports/my_reports.html", {
            "institution": institution, "current": rows["current"], "comments": open_comments(returned),
            "past": rows["past"],
        })


class BoardView(PolicyMixin, View):
    """Portfolio × periods status board (the coordinator's portfolio; the director sees every institution)."""

    permission = "report.board"

    def get(self, request):
        user = request.user
        years = list(ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).distinct())
        form = BoardFilterForm(request.GET or None, user=user, years=years)
        filters = form.cleaned_data if form.is_valid() else {}
        institutions = Institution.objects.for_user(user).reporting().select_related("coordinator")
        if user.is_coordinator:
            institutions = institutions.filter(coordinator=user)
        elif filters.get("coordinator"):
            institutions = institutions.filter(coordinator=filters["coordinator"])
        periods = periods_in_use(filters.get("year"))
        rows = board(institutions=institutions, periods=periods)
        state = filters.get("state")
        if state:
            rows = [r for r in rows if any(_cell_matches(c, state) for c in r["cells"])]
            for row in rows:
                for cell in row["cells"]:
                    cell["dimmed"] = not _cell_matches(cell, state)
        return render(request, "reports/board.html", {
            "form": form, "rows": rows, "periods": periods, "queue": list(review_queue(user)[:50]),
            "waiting_days": settings.REVIEW_WAITING_DAYS,
        })


def _cell_matches(cell, state):
    if cell.get("state") is None:
        return False
    if state == "late":
        return cell["late"]
    return cell["state"] == state


class ReviewQueueView(PolicyMixin, View):
    """Reports waiting for this user's review, the oldest submission first."""

    permission = "report.queue"

    def get(self, request):
        queue = list(review_queue(request.user))
        limit = timezone.now() - datetime.timedelta(days=settings.REVIEW_WAITING_DAYS)
        return render(request, "reports/review_queue.html", {"queue": queue, "limit": limit,
                                                             "waiting_days": settings.REVIEW_WAITING_DAYS})


class OverviewView(PolicyMixin, View):
    """The director's overview: submission rates and timeliness per period and per coordinator; long waits."""

    permission = "report.overview"

    def get(self, request):
        periods = periods_in_use()
        institutions = Institution.objects.reporting()
        expected = institutions.count()
        per_period = submission_rates(periods, institutions)
        per_coordinator = submission_rates(periods, institutions, group_by="coordinator_id")
        coordinators = list(User.objects.filter(Q(portfolio__in=institutions)).distinct()
                            .annotate(institutions=Count("portfolio", filter=Q(portfolio__in=institutions), distinct=True)))
        unassigned = institutions.filter(coordinator__isnull=True).count()
        period_rows = [_rate_row(p, per_period.get(p.pk), expected) for p in reversed(periods)]
        coordinator_rows = []
        for coordinator in coordinators:
            coordinator_rows.append({
                "coordinator": coordinator,
                "cells": [_rate_row(p, per_coordinator.get((p.pk, coordinator.pk)), coordinator.institutions)
                          for p in reversed(periods)],
            })
        waiting = waiting_too_long(
            QuarterlyReport.objects.all().with_relations(), settings.REVIEW_WAITING_DAYS
        ).order_by("submitted_at")
        return render(request, "reports/overview.html", {
            "period_rows": period_rows, "coordinator_rows": coordinator_rows, "periods": list(reversed(periods)),
            "waiting": list(waiting), "waiting_days": settings.REVIEW_WAITING_DAYS, "expected": expected,
            "unassigned": unassigned,
        })


def _rate_row(period, row, expected):
    row = row or {}
    submitted = row.get("submitted", 0)
    on_time = row.get("on_time", 0)
    return {
        "period": period, "expected": expected, "started": row.get("started", 0), "submitted": submitted,
        "on_time": on_time, "late": submitted - on_time, "accepted": row.get("accepted", 0),
        "waiting": row.get("waiting", 0), "oldest_waiting": row.get("oldest_waiting"),
        "rate": round(100 * submitted / expected) if expected else None,
        "on_time_rate": round(100 * on_time / expected) if expected else None,
    }
