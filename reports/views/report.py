"""One quarterly report: its page, its edit form, its history, and the workflow actions (start, submit,
return, accept, reopen)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik import policy
from antitrafik.views.generic import (
    ActionView,
    ConfirmActionView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectMixin,
    ObjectView,
    refusal_message,
)
from strategy.models import ReportingPeriod

from .. import services, validation, workflow
from ..choices import ProgressStatus, ReportStatus
from ..forms import ReopenForm, ReportEditForm, ReturnForm, SubmitForm
from ..grid import plain_number
from ..models import QuarterlyReport
from ..models.quarterly import ReportError
from ..secretariat.selectors import follow_up_rows
from ..selectors.change_log import report_change_log
from ..selectors.report import changes_between, last_submission_snapshot, previous_totals, report_data

SUBMITTED = _("The report was submitted. The unit has been told.")


class ReportMixin(ObjectMixin):
    """The report of the URL from the user's scope (404 outside it), then the policy about this report (403)."""

    model = QuarterlyReport

    def get_queryset(self):
        return super().get_queryset().with_relations()


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
    context = {
        "report": report,
        "data": data,
        "progress_rows": _progress_rows(data, extra.get("raw"), extra.get("errors")),
        "actions": workflow.allowed_actions(report, user),
        "can_review": policy.can(user, "report.review", report),
        "events": data.events,
        "general_comments": data.general_comments(),
        "open_comments": report.status == ReportStatus.RETURNED,
        "review_waiting_days": settings.REVIEW_WAITING_DAYS,
    }
    context.update(extra)
    context["needs_explanation"] = validation.needs_explanation(context.get("issues") or [])
    return context


class ReportDetailView(ReportMixin, ObjectView):
    """The report page: state, actions, progress, statistics, comments, what changed, timeline."""

    permission = "report.view"
    template_name = "reports/quarterlyreport_detail.html"
    keep_page = True

    def get_context_data(self, **kwargs):
        report, user = self.object, self.request.user
        data = report_data(report)
        extra = {}
        if policy.can(user, "report.review", report) and report.status == ReportStatus.SUBMITTED:
            previous = last_submission_snapshot(report, before_last=True)
            if previous is not None:
                extra["changes_since"] = changes_between(data, previous)
        if "submit" in workflow.allowed_actions(report, user):
            previous = previous_totals(report, [g.pk for g in data.grids])
            issues = validation.evaluate(data.grids, data.values, previous=previous)
            extra["issues"] = issues
            extra["submit_form"] = SubmitForm(initial={"warning_explanation": report.warning_explanation})
        extra["follow_up_rows"] = follow_up_rows(report)
        return _report_context(self.request, report, data, **extra, **kwargs)


class ReportEditView(ReportMixin, View):
    """The edit form: progress rows and the statistics grid in one HTML form, saved (and submitted) at once."""

    permission = "report.edit"
    keep_page = True  # the form as the report is saved (GET); a form sent is never kept

    def refused(self, report, error):
        refusal_message(self.request, error)
        return redirect(report.get_absolute_url())

    def get(self, request, pk):
        report = self.get_object()
        try:
            workflow.check_edit(report, request.user)
        except ReportError as error:
            return self.refused(report, error)
        return self.render_form(report, report_data(report, events=False))

    def render_form(self, report, data, *, form=None, conflict=None, issues=None, status=200, version=None):
        data = data.with_statuses()  # the form shows no timeline: its events are not read
        errors = form.errors if form else {}
        raw = form.raw if form else {}
        for comment in data.comments:  # what the reply fields show: what was typed, else what is saved
            comment.reply_shown = raw.get(f"r-{comment.pk}", comment.reply)
        context = _report_context(
            self.request, report, data, form=form, conflict=conflict, issues=issues or [],
            version=version if version is not None else report.version,
            progress_choices=ProgressStatus.choices,
            raw=raw, errors=errors, replying=True,
            warning_explanation=raw.get("warning_explanation", report.warning_explanation),
        )
        return render(self.request, "reports/quarterlyreport_form.html", context, status=status)

    def post(self, request, pk):
        report = self.get_object()
        try:
            workflow.check_edit(report, request.user)
        except ReportError as error:
            return self.refused(report, error)
        # The rows' lateness is read only if the form comes back.
        data = report_data(report, statuses=False, events=False)
        form = ReportEditForm(request.POST, report_data=data)
        if not form.is_valid():
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
            return self.render_form(report, data, form=form, status=400, version=form.version)
        try:
            services.report_save(report=report, by=request.user, version=form.version, progress=form.progress,
                                 values=form.values, warning_explanation=form.warning_explanation,
                                 replies=form.replies, data=data)
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
        return self.submit(report, form)

    def submit(self, report, form):
        """Submit after a save; blocked by validation, the form comes back with the issues (the save stays)."""
        try:
            services.report_submit(report=report, by=self.request.user, warning_explanation=form.warning_explanation)
        except services.SubmissionBlocked as error:
            messages.warning(self.request, _("Your changes were saved, but the report was not submitted."))
            messages.error(self.request, str(error))
            form.errors.update(error.progress_errors)
            return self.render_form(report, report_data(report, events=False), form=form, issues=error.issues, status=400,
                                    version=report.version)
        except ReportError as error:
            return self.refused(report, error)
        messages.success(self.request, SUBMITTED)
        return redirect(report.get_absolute_url())


class ReportHistoryView(ReportMixin, ObjectHistoryView):
    """Every recorded change of the report, its values and its progress rows: who, when, before and after."""

    permission = "report.history"
    template_name = "reports/quarterlyreport_history.html"

    def get_context_data(self, **kwargs):
        report = self.object
        return {"report": report, "entries": report_change_log(report, report_data(report, with_history=False,
                                                                                   statuses=False)),
                **kwargs}


# Workflow actions ----------------------------------------------------------------------------------------

class ReportOpenView(ConfirmActionView):
    """A reporter opens its institution's report of a period: created as a draft the first time.

    GET only reads: it goes to the report when there is one, and otherwise asks to start it; the
    draft is created by the POST (a link followed from elsewhere cannot create it).
    """

    permission = "report.start"
    object_permission = "period.view"
    model = ReportingPeriod
    pk_url_kwarg = "period_pk"
    submit_label = _("Start the report")

    def get_context_data(self, **kwargs):
        period = self.object
        return super().get_context_data(
            title=_("Start the report for %(period)s") % {"period": period},
            question=_("Start your institution's report for %(period)s? It is saved as a draft that you can "
                       "fill in and submit later.") % {"period": period}, **kwargs,
        )

    def get_back_url(self):
        return reverse("reports:my_reports")

    def get(self, request, *args, **kwargs):
        report = QuarterlyReport.objects.for_user(request.user).filter(period=self.get_object()).first()
        if report is not None:
            return redirect(self.get_success_url(report))
        return super().get(request, *args, **kwargs)

    def act(self, obj, data):
        return services.report_start(institution=self.request.user.institution, period=obj, by=self.request.user)

    def get_success_url(self, result):
        """The report's edit form when the user may edit it now, else its page."""
        if workflow.allowed("edit", result, self.request.user):
            return reverse("reports:report_edit", args=[result.pk])
        return result.get_absolute_url()


class ReportSubmitView(ReportMixin, ActionView):
    """Submit the report as it is stored (the page's submit button; the edit form can save and submit)."""

    permission = "report.submit"
    form_class = SubmitForm
    success_message = SUBMITTED

    def act(self, obj, data):
        return services.report_submit(report=obj, by=self.request.user,
                                      warning_explanation=data["warning_explanation"])


class ReportAcceptView(ReportMixin, ActionView):
    permission = "report.review"
    success_message = _("The report was accepted.")

    def act(self, obj, data):
        return services.report_accept(report=obj, by=self.request.user)


class ReportReturnView(ReportMixin, ObjectFormView):
    """Return a submitted report with a comment (and optional comments per activity or indicator)."""

    permission = "report.review"
    form_class = ReturnForm
    template_name = "reports/quarterlyreport_return.html"
    invalid_status = 400
    success_message = _("The report was returned to the institution with your comments.")

    def load(self):
        super().load()
        self.data = report_data(self.object)

    def check(self):
        workflow.check_transition("return", self.object, self.request.user)

    def get_form_kwargs(self):
        return {"activities": self.data.activities, "grids": self.data.grids}

    def get_context_data(self, form, **kwargs):
        """The form, and below it the report being returned, as its page shows it."""
        items = [(form[name], target) for name, target in form.item_fields]
        return _report_context(
            self.request, self.object, self.data, form=form,
            activity_items=[(f, self.data.activity_by_id[t["activity"]]) for f, t in items if t["activity"]],
            indicator_items=[(f, self.data.grid_by_id[t["indicator"]].indicator) for f, t in items if t["indicator"]],
            **kwargs,
        )

    def save(self, form):
        return services.report_return(report=self.object, by=self.request.user, comment=form.cleaned_data["comment"],
                                      item_comments=form.item_comments())


class ReportReopenView(ReportMixin, ConfirmActionView):
    """The director reopens an accepted report with a reason."""

    permission = "report.reopen"
    form_class = ReopenForm
    invalid_status = 400
    title = _("Reopen the report %(report)s")
    question = _("The report goes back to the institution as returned, with your reason as the comment to answer.")
    submit_label = _("Reopen")
    danger = True
    success_message = _("The report was reopened and sent back to the institution.")

    def get_message_params(self):
        return {"report": self.object}

    def check(self, obj):
        workflow.check_transition("reopen", obj, self.request.user)

    def act(self, obj, data):
        return services.report_reopen(report=obj, by=self.request.user, reason=data["reason"])
