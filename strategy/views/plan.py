"""The plan tree: the plan page, strategies and plans, pillars, objectives and activities; deleting,
archiving and the history of their items."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import (
    ActionView,
    ConfirmActionView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectView,
    ServiceFormView,
    values_of,
)

from .. import deadlines, selectors, services
from ..forms import ActionPlanForm, ActivityForm, ObjectiveForm, PillarForm, StrategyForm
from ..models import ActionPlan, Activity, Indicator, Objective, Pillar


class PlanIndexView(PolicyMixin, View):
    """The current plan's overview, or a page saying there is no plan yet."""

    permission = "plan.view"

    def get(self, request):
        plan = selectors.current_plan(request.user)
        if plan is not None:
            return redirect(plan.get_absolute_url())
        return render(request, "strategy/plan_empty.html", {"title": _("Action plan")})


class PlanOverviewView(ObjectView):
    """The tree of a plan with, per pillar and objective, the activities, the overdue ones and the money."""

    permission = "plan.view"
    model = ActionPlan
    template_name = "strategy/plan_overview.html"
    context_object_name = "plan"

    def get_queryset(self):
        return super().get_queryset().select_related("strategy")

    def get_context_data(self, **kwargs):
        plan = self.object
        pillars, total = selectors.plan_tree(plan)
        return super().get_context_data(
            pillars=pillars, total=total, title=plan.title,
            other_plans=ActionPlan.objects.for_user(self.request.user).exclude(pk=plan.pk), **kwargs,
        )


# Strategies and plans -------------------------------------------------------------------------------

STRATEGY_FIELDS = ("title", "start_year", "end_year")
PLAN_FIELDS = ("strategy", "title", "start_year", "end_year", "decision")


class StrategyCreateView(ServiceFormView):
    permission = "plan.edit"
    form_class = StrategyForm
    title = _("New strategy")

    def get_cancel_url(self):
        return reverse("strategy:plan_index")

    def save(self, form):
        return services.strategy_create(by=self.request.user, **values_of(form, *STRATEGY_FIELDS))

    def get_success_url(self, result):
        return reverse("strategy:plan_create")


class PlanCreateView(ServiceFormView):
    permission = "plan.edit"
    form_class = ActionPlanForm
    title = _("New action plan")

    def get_cancel_url(self):
        return reverse("strategy:plan_index")

    def save(self, form):
        return services.plan_create(by=self.request.user, **values_of(form, *PLAN_FIELDS))


class PlanUpdateView(ObjectFormView):
    permission = "plan.edit"
    model = ActionPlan
    form_class = ActionPlanForm
    title = _("Edit the action plan")

    def get_form_kwargs(self):
        return {"instance": self.object}

    def save(self, form):
        return services.plan_update(plan=self.object, by=self.request.user, **values_of(form, *PLAN_FIELDS))


# Pillars, objectives and activities -------------------------------------------------------------------

class PlanItemFormView(ObjectFormView):
    """A form about a part of a plan: its object is the plan (creating, `plan` in the URL) or the item (editing)."""

    permission = "plan.edit"

    @property
    def plan(self):
        return self.object if isinstance(self.object, ActionPlan) else self.object.plan

    @property
    def item(self):
        """The item edited, or None when one is created."""
        return None if isinstance(self.object, ActionPlan) else self.object

    def get_form_kwargs(self):
        return {"plan": self.plan, "instance": self.item}

    def get_title(self):
        return self.title

    def get_cancel_url(self):
        return self.plan.get_absolute_url()

    def get_success_url(self, result):
        return self.plan.get_absolute_url()


PILLAR_FIELDS = ("code", "title", "title_en", "order", "is_archived")
OBJECTIVE_FIELDS = ("code", "title", "title_en", "is_archived")


class PillarCreateView(PlanItemFormView):
    model = ActionPlan
    pk_url_kwarg = "plan"
    form_class = PillarForm
    title = _("New pillar")

    def save(self, form):
        return services.pillar_create(plan=self.plan, by=self.request.user, **values_of(form, *PILLAR_FIELDS))


class PillarUpdateView(PlanItemFormView):
    model = Pillar
    form_class = PillarForm
    title = _("Edit the pillar")

    def save(self, form):
        return services.pillar_update(pillar=self.item, by=self.request.user, **values_of(form, *PILLAR_FIELDS))


class ObjectiveCreateView(PlanItemFormView):
    model = ActionPlan
    pk_url_kwarg = "plan"
    form_class = ObjectiveForm
    title = _("New objective")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initial": {"pillar": self.request.GET.get("pillar")}}

    def save(self, form):
        return services.objective_create(pillar=form.cleaned_data["pillar"], by=self.request.user,
                                         **values_of(form, *OBJECTIVE_FIELDS))


class ObjectiveUpdateView(PlanItemFormView):
    model = Objective
    form_class = ObjectiveForm
    title = _("Edit the objective")

    def save(self, form):
        return services.objective_update(objective=self.item, by=self.request.user,
                                         **values_of(form, "pillar", *OBJECTIVE_FIELDS))


ACTIVITY_FIELDS = (
    "objective", "code", "description", "description_en", "lead_institution", "co_leads", "partners",
    *deadlines.FIELDS, "output_indicator", "target", "estimated_cost", "funding_source", "resources", "is_archived",
)


class ActivityCreateView(PlanItemFormView):
    model = ActionPlan
    pk_url_kwarg = "plan"
    form_class = ActivityForm
    title = _("New activity")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user,
                "initial": {"objective": self.request.GET.get("objective")}}

    def save(self, form):
        values = services.ActivityValues(**values_of(form, *ACTIVITY_FIELDS))
        return services.activity_create(by=self.request.user, values=values)

    def get_success_url(self, result):
        return result.get_absolute_url()


class ActivityUpdateView(PlanItemFormView):
    model = Activity
    form_class = ActivityForm
    title = _("Edit the activity")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_cancel_url(self):
        return self.item.get_absolute_url()

    def save(self, form):
        values = services.ActivityValues(**values_of(form, *ACTIVITY_FIELDS))
        return services.activity_update(activity=self.item, by=self.request.user, values=values)

    def get_success_url(self, result):
        return result.get_absolute_url()


# Deleting, archiving and the history of plan items ----------------------------------------------------

class PlanItemMixin:
    """Views of '<kind>/<pk>/…': the model comes from the kind (404 for an unknown one)."""

    kinds = {"pillar": Pillar, "objective": Objective, "activity": Activity}

    def get_model(self):
        try:
            return self.kinds[self.kwargs["kind"]]
        except KeyError:
            raise Http404 from None

    def get_back_url(self):
        item = self.object
        if isinstance(item, Activity | Indicator):
            return item.get_absolute_url()
        return item.plan.get_absolute_url()


ITEM_LABELS = {"pillar": _("pillar"), "objective": _("objective"), "activity": _("activity")}
ITEM_DELETE = {"pillar": services.pillar_delete, "objective": services.objective_delete,
               "activity": services.activity_delete}


class ItemDeleteView(PlanItemMixin, ConfirmActionView):
    """Delete a pillar, objective or activity; refused with an explanation (and archiving offered) when data
    refers to it."""

    permission = "plan.edit"
    template_name = "strategy/item_delete.html"
    title = _("Delete %(what)s")
    question = _("Delete “%(item)s” for good? This cannot be undone.")
    submit_label = _("Delete")
    danger = True
    refusal_on_page = True
    success_message = _("Deleted.")

    def get_message_params(self):
        return {"item": self.object, "what": ITEM_LABELS[self.kwargs["kind"]]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kwargs["kind"], **kwargs)

    def act(self, obj, data):
        plan = obj.plan
        ITEM_DELETE[self.kwargs["kind"]](**{self.kwargs["kind"]: obj}, by=self.request.user)
        return plan

    def get_success_url(self, result):
        return result.get_absolute_url()


class ItemArchiveView(PlanItemMixin, ActionView):
    """Archive a plan item (POST archived=1) or bring it back (archived=0)."""

    permission = "plan.edit"

    def act(self, obj, data):
        archived = self.request.POST.get("archived", "1") != "0"
        return services.item_set_archived(item=obj, archived=archived, by=self.request.user)

    def get_success_message(self, result):
        return _("Archived.") if result.is_archived else _("Brought back from the archive.")


class ItemHistoryView(PlanItemMixin, ObjectHistoryView):
    permission = "plan.history"
    kinds = {**PlanItemMixin.kinds, "indicator": Indicator}

    def get_title(self):
        return _("History of %(item)s") % {"item": self.object.code}
