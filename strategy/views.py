"""Views of the action plan, the indicators and the reporting periods. Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik import policy
from antitrafik.history import history_entries
from antitrafik.policy import PolicyMixin
from antitrafik.spreadsheets import SpreadsheetError
from institutions.choices import InstitutionKind

from . import exports, imports, selectors, services
from .filters import ActivityFilter
from .forms import (
    ActionPlanForm,
    ActivityForm,
    DimensionForm,
    ImportForm,
    IndicatorForm,
    ObjectiveForm,
    OptionFormSet,
    PeriodTransitionForm,
    PeriodYearForm,
    PillarForm,
    StrategyForm,
    ValidationRuleForm,
    apply_validation_error,
)
from .models import ActionPlan, Activity, Dimension, Indicator, Objective, Pillar, ReportingPeriod, ValidationRule

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "strategy_import"
EXPORT_FORMATS = ("xlsx", "csv")


# The plan -----------------------------------------------------------------------------------------

class PlanIndexView(PolicyMixin, View):
    """The current plan's overview, or a page saying there is no plan yet."""

    permission = "plan.view"

    def get(self, request):
        plan = selectors.current_plan(request.user)
        if plan is not None:
            return redirect(plan.get_absolute_url())
        return render(request, "strategy/plan_empty.html", {"title": _("Action plan")})


class PlanOverviewView(PolicyMixin, View):
    """The tree of a plan with, per pillar and objective, the activities, the overdue ones and the money."""

    permission = "plan.view"

    def get(self, request, pk):
        plan = get_object_or_404(ActionPlan.objects.for_user(request.user).select_related("strategy"), pk=pk)
        pillars, total = selectors.plan_tree(plan)
        return render(request, "strategy/plan_overview.html", {
            "plan": plan, "pillars": pillars, "total": total, "title": plan.title,
            "other_plans": ActionPlan.objects.for_user(request.user).exclude(pk=plan.pk),
        })


class ServiceFormView(PolicyMixin, View):
    """A form whose valid data goes to a service; service errors are shown next to the fields."""

    permission = "plan.edit"
    template_name = "generic/form.html"
    form_class = None
    title = ""
    success_message = _("Saved.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def load(self):
        """Fetch the objects of the URL (scoped, 404 when missing); runs after the permission check."""

    def get_form_kwargs(self):
        return {"instance": self.object} if self.object is not None else {}

    def get_title(self):
        return self.title

    def get_cancel_url(self):
        return self.object.get_absolute_url() if self.object is not None else reverse("strategy:plan_index")

    def get_context(self, form):
        return {"form": form, "title": self.get_title(), "cancel_url": self.get_cancel_url()}

    def get(self, request, *args, **kwargs):
        self.load()
        return render(request, self.template_name, self.get_context(self.form_class(**self.get_form_kwargs())))

    def post(self, request, *args, **kwargs):
        self.load()
        form = self.form_class(data=request.POST, files=request.FILES, **self.get_form_kwargs())
        if form.is_valid():
            try:
                result = self.save(form)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except services.StrategyError as exc:
                form.add_error(None, str(exc))
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.get_success_url(result))
        return render(request, self.template_name, self.get_context(form), status=200)

    def save(self, form):
        raise NotImplementedError

    def get_success_url(self, result):
        return result.get_absolute_url()


def _model_fields(form, exclude=()):
    return {name: form.cleaned_data[name] for name in form._meta.fields if name not in exclude}


class StrategyCreateView(ServiceFormView):
    form_class = StrategyForm
    title = _("New strategy")

    def save(self, form):
        services.strategy_create(by=self.request.user, **_model_fields(form))
        return None

    def get_success_url(self, result):
        return reverse("strategy:plan_create")


class PlanCreateView(ServiceFormView):
    form_class = ActionPlanForm
    title = _("New action plan")

    def save(self, form):
        return services.plan_create(by=self.request.user, **_model_fields(form))


class PlanUpdateView(ServiceFormView):
    form_class = ActionPlanForm
    title = _("Edit the action plan")

    def load(self):
        self.object = get_object_or_404(ActionPlan.objects.for_user(self.request.user), pk=self.kwargs["pk"])

    def save(self, form):
        return services.plan_update(plan=self.object, by=self.request.user, **_model_fields(form))


class PlanChildMixin:
    """Views of items of one plan: the plan comes from the URL (`plan`) or from the item itself."""

    model = None

    def load(self):
        if "plan" in self.kwargs:
            self.plan = get_object_or_404(ActionPlan.objects.for_user(self.request.user), pk=self.kwargs["plan"])
        else:
            self.object = get_object_or_404(self.model.objects.all(), pk=self.kwargs["pk"])
            self.plan = self.object.plan

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_cancel_url(self):
        return self.plan.get_absolute_url()


class PillarCreateView(PlanChildMixin, ServiceFormView):
    form_class = PillarForm
    title = _("New pillar")

    def save(self, form):
        services.pillar_create(plan=self.plan, by=self.request.user, **_model_fields(form))
        return self.plan


class PillarUpdateView(PlanChildMixin, ServiceFormView):
    model = Pillar
    form_class = PillarForm
    title = _("Edit the pillar")

    def save(self, form):
        services.pillar_update(pillar=self.object, by=self.request.user, **_model_fields(form))
        return self.plan


class ObjectiveCreateView(PlanChildMixin, ServiceFormView):
    form_class = ObjectiveForm
    title = _("New objective")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"pillar": self.request.GET.get("pillar")}
        return kwargs

    def save(self, form):
        fields = _model_fields(form)
        services.objective_create(by=self.request.user, **fields)
        return self.plan


class ObjectiveUpdateView(PlanChildMixin, ServiceFormView):
    model = Objective
    form_class = ObjectiveForm
    title = _("Edit the objective")

    def save(self, form):
        services.objective_update(objective=self.object, by=self.request.user, **_model_fields(form))
        return self.plan


class ActivityCreateView(PlanChildMixin, ServiceFormView):
    form_class = ActivityForm
    title = _("New activity")

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        kwargs["initial"] = {"objective": self.request.GET.get("objective")}
        return kwargs

    def save(self, form):
        fields = _model_fields(form, exclude=("partners",))
        return services.activity_create(by=self.request.user, partners=form.cleaned_data["partners"], **fields)


class ActivityUpdateView(PlanChildMixin, ServiceFormView):
    model = Activity
    form_class = ActivityForm
    title = _("Edit the activity")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def save(self, form):
        fields = _model_fields(form, exclude=("partners",))
        return services.activity_update(activity=self.object, by=self.request.user,
                                        partners=form.cleaned_data["partners"], **fields)


# Deleting, archiving and the history of plan items ----------------------------------------------------

ITEM_KINDS = {
    "pillar": (Pillar, services.pillar_delete, "pillar", _("pillar")),
    "objective": (Objective, services.objective_delete, "objective", _("objective")),
    "activity": (Activity, services.activity_delete, "activity", _("activity")),
}


HISTORY_MODELS = {"pillar": Pillar, "objective": Objective, "activity": Activity, "indicator": Indicator}


def _item(request, kind, pk, models=None):
    models = models or {key: value[0] for key, value in ITEM_KINDS.items()}
    if kind not in models:
        raise Http404
    return get_object_or_404(models[kind].objects.all(), pk=pk)


def _item_back_url(item):
    if isinstance(item, Activity | Indicator):
        return item.get_absolute_url()
    return item.plan.get_absolute_url()


class ItemDeleteView(PolicyMixin, View):
    """Delete a pillar, objective or activity; refused with an explanation when data refers to it."""

    permission = "plan.edit"

    def render_page(self, request, item, kind, error=None):
        return render(request, "strategy/item_delete.html", {
            "item": item, "kind": kind, "error": error, "title": _("Delete %(what)s") % {"what": ITEM_KINDS[kind][3]},
            "cancel_url": _item_back_url(item),
        })

    def get(self, request, kind, pk):
        return self.render_page(request, _item(request, kind, pk), kind)

    def post(self, request, kind, pk):
        item = _item(request, kind, pk)
        _model, delete, argument, _label = ITEM_KINDS[kind]
        plan_url = item.plan.get_absolute_url()
        try:
            delete(**{argument: item}, by=request.user)
        except services.StrategyError as exc:
            return self.render_page(request, item, kind, error=str(exc))
        messages.success(request, _("Deleted."))
        return redirect(plan_url)


class ItemArchiveView(PolicyMixin, View):
    """Archive a plan item (POST archived=1) or bring it back (archived=0)."""

    permission = "plan.edit"

    def post(self, request, kind, pk):
        item = _item(request, kind, pk)
        archived = request.POST.get("archived", "1") != "0"
        services.item_set_archived(item=item, archived=archived, by=request.user)
        messages.success(request, _("Archived.") if archived else _("Brought back from the archive."))
        return redirect(_item_back_url(item))


class ItemHistoryView(PolicyMixin, View):
    permission = "plan.history"

    def get(self, request, kind, pk):
        item = _item(request, kind, pk, HISTORY_MODELS)
        return render(request, "generic/history.html", {
            "title": _("History of %(item)s") % {"item": item.code}, "object": item,
            "entries": history_entries(item), "back_url": _item_back_url(item),
        })


# Activities -------------------------------------------------------------------------------------------

class ActivityListView(PolicyMixin, View):
    """Activities with filters, sorting and pages; also downloads the filtered list (xlsx/csv)."""

    permission = "plan.view"
    template_name = "strategy/activity_list.html"

    def get_filter(self, request):
        plan = None
        plan_id = request.GET.get("plan", "")
        if plan_id.isdigit():
            plan = ActionPlan.objects.for_user(request.user).filter(pk=plan_id).first()
        return ActivityFilter(request.GET, queryset=selectors.activity_list_queryset(request.user),
                              request=request, plan=plan)

    def get(self, request):
        activity_filter = self.get_filter(request)
        page = Paginator(activity_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, self.template_name, {
            "title": _("Activities"), "filter": activity_filter, "page_obj": page, "object_list": page.object_list,
            "export": True,
        })


class ActivityExportView(ActivityListView):
    permission = "plan.export"

    def get(self, request, fmt):
        if fmt not in EXPORT_FORMATS:
            raise Http404
        activity_filter = self.get_filter(request)
        return exports.activities_response(activity_filter.qs, fmt, "activities")


class MyActivitiesView(PolicyMixin, View):
    """The activities the reporter's institution leads or partners in."""

    permission = "plan.my_activities"

    def get(self, request):
        institution = request.user.institution
        queryset = selectors.activities_of_institution(request.user, institution).filter(is_archived=False)
        page = Paginator(queryset.order_by("plan_id", "sort_key"), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "strategy/activity_list.html", {
            "title": _("Activities of %(institution)s") % {"institution": institution.label},
            "page_obj": page, "object_list": page.object_list, "institution": institution,
        })


class ActivityDetailView(PolicyMixin, View):
    permission = "plan.view"

    def get(self, request, pk):
        activity = get_object_or_404(selectors.activity_list_queryset(request.user), pk=pk)
        return render(request, "strategy/activity_detail.html", {
            "activity": activity, "title": f"{activity.code}",
            "reported": selectors.activity_reports(activity, request.user),
        })


# Import -----------------------------------------------------------------------------------------------

class ImportTemplateView(PolicyMixin, View):
    permission = "plan.import"

    def get(self, request, fmt):
        if fmt not in EXPORT_FORMATS:
            raise Http404
        return exports.template_response(fmt)


class ImportUploadView(PlanChildMixin, ServiceFormView):
    """Upload a spreadsheet; it is read, kept in the session and previewed before anything is saved."""

    permission = "plan.import"
    form_class = ImportForm
    template_name = "strategy/import_upload.html"
    success_message = ""

    def get_title(self):
        return _("Import activities into %(plan)s") % {"plan": self.plan.title}

    def get_form_kwargs(self):
        return {}

    def save(self, form):
        try:
            header, rows = imports.read_upload(form.cleaned_data["file"])
        except SpreadsheetError as exc:
            raise ValidationError({"file": str(exc)}) from None
        self.request.session[IMPORT_SESSION_KEY] = {
            "plan": self.plan.pk, "name": form.cleaned_data["file"].name[:200], "header": header, "rows": rows,
        }
        return self.plan

    def get_success_url(self, result):
        return reverse("strategy:import_preview", args=[self.plan.pk])


class ImportPreviewView(PolicyMixin, View):
    """What the uploaded file would change (GET), and applying it all or nothing (POST)."""

    permission = "plan.import"

    def load(self, request, plan_pk):
        plan = get_object_or_404(ActionPlan.objects.for_user(request.user), pk=plan_pk)
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending or pending.get("plan") != plan.pk:
            messages.warning(request, _("Upload a file first."))
            return plan, None
        return plan, pending

    def render_preview(self, request, plan, pending, preview):
        return render(request, "strategy/import_preview.html", {
            "plan": plan, "name": pending["name"], "preview": preview, "rows_in_file": len(pending["rows"]),
            "title": _("Import preview"),
        })

    def get(self, request, plan):
        plan, pending = self.load(request, plan)
        if pending is None:
            return redirect("strategy:import_upload", plan=plan.pk)
        preview = imports.build_preview(plan, pending["header"], pending["rows"])
        return self.render_preview(request, plan, pending, preview)

    def post(self, request, plan):
        plan, pending = self.load(request, plan)
        if pending is None:
            return redirect("strategy:import_upload", plan=plan.pk)
        if "cancel" in request.POST:
            del request.session[IMPORT_SESSION_KEY]
            return redirect(plan.get_absolute_url())
        try:
            preview = imports.import_apply(plan=plan, header=pending["header"], rows=pending["rows"], by=request.user)
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


# Indicators, rules and dimensions -------------------------------------------------------------------------

class IndicatorListView(PolicyMixin, View):
    permission = "indicator.view"

    def get(self, request):
        indicators = selectors.indicator_list_queryset(request.user)
        return render(request, "strategy/indicator_list.html", {"title": _("Indicators"), "object_list": indicators})


class IndicatorDetailView(PolicyMixin, View):
    permission = "indicator.view"

    def get(self, request, pk):
        indicator = get_object_or_404(selectors.indicator_list_queryset(request.user), pk=pk)
        return render(request, "strategy/indicator_detail.html", {
            "indicator": indicator, "title": str(indicator),
            "institutions": indicator.reporting_institutions.order_by("code"),
            "kind_labels": ", ".join(str(InstitutionKind(k).label) for k in indicator.kinds if k in InstitutionKind.values),
            "rules": indicator.rules.select_related("dimension", "other_indicator"),
        })


class IndicatorFormView(ServiceFormView):
    permission = "indicator.manage"
    form_class = IndicatorForm

    def load(self):
        if "pk" in self.kwargs:
            self.object = get_object_or_404(Indicator.objects.for_user(self.request.user), pk=self.kwargs["pk"])

    def get_title(self):
        return _("Edit the indicator") if self.object else _("New indicator")

    def get_cancel_url(self):
        return self.object.get_absolute_url() if self.object else reverse("strategy:indicator_list")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.indicator_save(indicator=form.instance, by=self.request.user, dimensions=form.dimensions,
                                       institutions=form.cleaned_data["reporting_institutions"])


class IndicatorDeleteView(PolicyMixin, View):
    permission = "indicator.manage"

    def dispatch_object(self, request, pk):
        return get_object_or_404(Indicator.objects.for_user(request.user), pk=pk)

    def render_page(self, request, indicator, error=None):
        return render(request, "strategy/item_delete.html", {
            "item": indicator, "error": error, "title": _("Delete the indicator"),
            "cancel_url": indicator.get_absolute_url(),
        })

    def get(self, request, pk):
        return self.render_page(request, self.dispatch_object(request, pk))

    def post(self, request, pk):
        indicator = self.dispatch_object(request, pk)
        try:
            services.indicator_delete(indicator=indicator, by=request.user)
        except services.StrategyError as exc:
            return self.render_page(request, indicator, str(exc))
        messages.success(request, _("Deleted."))
        return redirect("strategy:indicator_list")


class RuleFormView(ServiceFormView):
    permission = "indicator.manage"
    form_class = ValidationRuleForm

    def load(self):
        if "pk" in self.kwargs:
            self.object = get_object_or_404(ValidationRule.objects.select_related("indicator"), pk=self.kwargs["pk"])
            self.indicator = self.object.indicator
        else:
            self.indicator = get_object_or_404(Indicator.objects.for_user(self.request.user),
                                               pk=self.kwargs["indicator"])

    def get_title(self):
        return _("Validation rule of %(indicator)s") % {"indicator": self.indicator.code}

    def get_cancel_url(self):
        return self.indicator.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.indicator}

    def save(self, form):
        services.rule_save(rule=form.instance, by=self.request.user)
        return self.indicator


class RuleDeleteView(PolicyMixin, View):
    permission = "indicator.manage"

    def post(self, request, pk):
        rule = get_object_or_404(ValidationRule.objects.select_related("indicator"), pk=pk)
        indicator = rule.indicator
        services.rule_delete(rule=rule, by=request.user)
        messages.success(request, _("Deleted."))
        return redirect(indicator.get_absolute_url())


class DimensionListView(PolicyMixin, View):
    permission = "indicator.view"

    def get(self, request):
        dimensions = Dimension.objects.prefetch_related("options").order_by("code")
        return render(request, "strategy/dimension_list.html", {"title": _("Dimensions"), "object_list": dimensions})


class DimensionFormView(PolicyMixin, View):
    """A dimension with its ordered options (a formset); options in use are archived, not deleted."""

    permission = "indicator.manage"

    def get_object(self, pk):
        return get_object_or_404(Dimension, pk=pk) if pk else Dimension()

    def render_page(self, request, dimension, form, formset):
        return render(request, "strategy/dimension_form.html", {
            "form": form, "formset": formset, "object": dimension,
            "title": _("Edit the dimension") if dimension.pk else _("New dimension"),
            "cancel_url": reverse("strategy:dimension_list"),
        })

    def get(self, request, pk=None):
        dimension = self.get_object(pk)
        return self.render_page(request, dimension, DimensionForm(instance=dimension),
                                OptionFormSet(instance=dimension))

    def post(self, request, pk=None):
        dimension = self.get_object(pk)
        form = DimensionForm(request.POST, instance=dimension)
        formset = OptionFormSet(request.POST, instance=dimension)
        if form.is_valid() and formset.is_valid():
            options = formset.save(commit=False)
            try:
                services.dimension_save(dimension=form.instance, by=request.user, options=options,
                                        deleted_options=formset.deleted_objects)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except services.StrategyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect("strategy:dimension_list")
        return self.render_page(request, dimension, form, formset)


# Reporting periods --------------------------------------------------------------------------------------

class PeriodListView(PolicyMixin, View):
    permission = "period.view"

    def get(self, request):
        periods = ReportingPeriod.objects.for_user(request.user).select_related("plan")
        return render(request, "strategy/period_list.html", {"title": _("Reporting periods"), "object_list": periods})


class PeriodDetailView(PolicyMixin, View):
    permission = "period.view"

    def get(self, request, pk):
        period = get_object_or_404(ReportingPeriod.objects.for_user(request.user).select_related("plan"), pk=pk)
        actions = []
        if policy.can(request.user, "period.manage"):
            actions = [(a, services.PERIOD_ACTION_LABELS[a]) for a in services.period_actions(period)]
        return render(request, "strategy/period_detail.html", {
            "period": period, "title": str(period), "actions": actions, "entries": history_entries(period),
        })


class PeriodCreateYearView(ServiceFormView):
    permission = "period.manage"
    form_class = PeriodYearForm
    title = _("Create the quarters of a year")
    success_message = _("The quarters were created.")

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user}
        plan = selectors.current_plan(self.request.user)
        if plan is not None:
            kwargs["initial"] = {"plan": plan.pk}
        return kwargs

    def get_cancel_url(self):
        return reverse("strategy:period_list")

    def save(self, form):
        data = form.cleaned_data
        services.period_create_year(plan=data["plan"], year=data["year"], due_days=data["due_days"],
                                    by=self.request.user)
        return None

    def get_success_url(self, result):
        return reverse("strategy:period_list")


class PeriodTransitionView(ServiceFormView):
    """Open, close, lock or unlock a period (unlocking needs a reason)."""

    permission = "period.manage"
    form_class = PeriodTransitionForm
    template_name = "generic/confirm.html"

    def load(self):
        if self.kwargs["action"] not in services.PERIOD_TRANSITIONS:
            raise Http404
        self.object = get_object_or_404(ReportingPeriod.objects.for_user(self.request.user), pk=self.kwargs["pk"])
        self.action = self.kwargs["action"]

    def get_form_kwargs(self):
        return {"reason_required": self.action in services.PERIOD_REASON_REQUIRED}

    def get_context(self, form):
        label = services.PERIOD_ACTION_LABELS[self.action]
        return {
            **super().get_context(form),
            "title": f"{label}: {self.object}",
            "question": _("Change the state of %(period)s from “%(status)s”?")
            % {"period": self.object, "status": self.object.get_status_display()},
            "submit_label": label, "danger": self.action == "unlock",
        }

    def save(self, form):
        service = services.PERIOD_SERVICES[self.action]
        return service(period=self.object, by=self.request.user, reason=form.cleaned_data["reason"])
