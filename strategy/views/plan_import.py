"""Importing activities from a spreadsheet: the template, the upload, the preview and applying it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.policy import PolicyMixin
from antitrafik.spreadsheets import SpreadsheetError
from antitrafik.views.generic import ObjectFormView, ObjectMixin

from .. import exports, imports
from ..forms import ImportForm
from ..models import ActionPlan
from .activities import EXPORT_FORMATS

IMPORT_SESSION_KEY = "strategy_import"


class ImportTemplateView(PolicyMixin, View):
    permission = "plan.import"

    def get(self, request, fmt):
        if fmt not in EXPORT_FORMATS:
            raise Http404
        return exports.template_response(fmt)


class ImportUploadView(ObjectFormView):
    """Upload a spreadsheet; it is read, kept in the session and previewed before anything is saved."""

    permission = "plan.import"
    model = ActionPlan
    pk_url_kwarg = "plan"
    form_class = ImportForm
    template_name = "strategy/import_upload.html"
    success_message = ""

    def get_title(self):
        return _("Import activities — plan: %(plan)s") % {"plan": self.object.title}

    def save(self, form):
        try:
            header, rows = imports.read_upload(form.cleaned_data["file"])
        except SpreadsheetError as exc:
            raise ValidationError({"file": str(exc)}) from None
        self.request.session[IMPORT_SESSION_KEY] = {
            "plan": self.object.pk, "name": form.cleaned_data["file"].name[:200], "header": header, "rows": rows,
        }
        return self.object

    def get_success_url(self, result):
        return reverse("strategy:import_preview", args=[self.object.pk])


class ImportPreviewView(ObjectMixin, View):
    """What the uploaded file would change (GET), and applying it all or nothing (POST)."""

    permission = "plan.import"
    model = ActionPlan
    pk_url_kwarg = "plan"

    def pending(self, plan):
        """The upload kept in the session for this plan, or None (then the user is asked to upload first)."""
        pending = self.request.session.get(IMPORT_SESSION_KEY)
        if not pending or pending.get("plan") != plan.pk:
            messages.warning(self.request, _("Upload a file first."))
            return None
        return pending

    def render_preview(self, request, plan, pending, preview):
        return render(request, "strategy/import_preview.html", {
            "plan": plan, "name": pending["name"], "preview": preview, "rows_in_file": len(pending["rows"]),
            "title": _("Import preview"),
        })

    def get(self, request, plan):
        plan = self.get_object()
        pending = self.pending(plan)
        if pending is None:
            return redirect("strategy:import_upload", plan=plan.pk)
        preview = imports.build_preview(plan, pending["header"], pending["rows"])
        return self.render_preview(request, plan, pending, preview)

    def post(self, request, plan):
        plan = self.get_object()
        pending = self.pending(plan)
        if pending is None:
            return redirect("strategy:import_upload", plan=plan.pk)
        if "cancel" in request.POST:
            del request.session[IMPORT_SESSION_KEY]
            return redirect(plan.get_absolute_url())
        try:
            preview = imports.import_apply(plan=plan, header=pending["header"], rows=pending["rows"], by=request.user,
                                           expected=request.POST.get("expected") or None)
        except imports.PlanImportError as exc:
            messages.error(request, str(exc))
            preview = imports.build_preview(plan, pending["header"], pending["rows"])
            return self.render_preview(request, plan, pending, preview)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, _("Imported: %(created)s activities created, %(updated)s updated, "
                                    "%(unchanged)s unchanged.")
                         % {"created": len(preview.to_create), "updated": len(preview.to_update),
                            "unchanged": len(preview.unchanged)})
        return redirect(plan.get_absolute_url())
