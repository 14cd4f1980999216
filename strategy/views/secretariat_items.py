"""Decisions and recommendations (the overview, one item with its trail) and proposals to change the plan."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik import policy
from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import (
    ConfirmActionView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectMixin,
    ObjectView,
    ServiceFormView,
)

from .. import hooks, selectors, services
from ..choices import ItemKind, ItemSource, ItemStatus, ProposalStatus
from ..models import Proposal, TrackedItem
from ..secretariat_forms import ItemForm, ItemStatusForm, ProposalDecideForm, ProposalForm

GROUP_LABELS = {"deadline": _("by deadline"), "institution": _("by institution"), "source": _("by source")}


def item_values(form):
    data = form.cleaned_data
    return services.ItemValues(
        kind=data["kind"], source=data["source"], reference=data["reference"], meeting=data["meeting"],
        text=data["text"], lead_institution=data["lead_institution"], partners=list(data["partners"]),
        deadline=data["deadline"], activities=list(data["activities"]), indicators=list(data["indicators"]))


class ItemListView(PolicyMixin, View):
    """The overview: open items (or all) by deadline with the overdue first, by institution or by source."""

    permission = "secretariat.items"

    def get(self, request):
        group = request.GET.get("group", "deadline")
        group = group if group in selectors.ITEM_GROUPS else "deadline"
        show_closed = request.GET.get("show") == "all"
        groups = selectors.items_overview(request.user, group=group, show_closed=show_closed)
        return render(request, "strategy/secretariat/item_list.html", {
            "title": _("Decisions and recommendations"), "tab": "items", "groups": groups, "group": group,
            "group_labels": GROUP_LABELS.items(), "show_closed": show_closed,
            "count": sum(len(rows) for _label, rows in groups),
            "can_manage": policy.can(request.user, "secretariat.manage"),
        })


class ItemCreateView(ServiceFormView):
    permission = "secretariat.manage"
    form_class = ItemForm
    title = _("New decision or recommendation")
    success_message = _("The item was recorded.")

    def get_form_kwargs(self):
        initial = {"kind": ItemKind.DECISION, "source": ItemSource.COMMITTEE}
        if meeting := self.request.GET.get("meeting", ""):
            initial["meeting"] = meeting if meeting.isdigit() else None
        return {"user": self.request.user, "initial": initial}

    def get_cancel_url(self):
        return reverse("strategy:tracked_item_list")

    def save(self, form):
        return services.item_create(by=self.request.user, values=item_values(form))


class ItemMixin(ObjectMixin):
    model = TrackedItem

    def get_queryset(self):
        return super().get_queryset().with_relations()


class ItemDetailView(ItemMixin, ObjectView):
    """One item: what, who, by when, what it concerns, and its trail quarter by quarter."""

    permission = "secretariat.items"
    template_name = "strategy/secretariat/item_detail.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        item, user = self.object, self.request.user
        return super().get_context_data(
            title=f"{item.code} · {item.get_kind_display()}", tab="items",
            partners=item.partners.order_by("code"),
            activities=item.activities.order_by("plan", "sort_key"), indicators=item.indicators.order_by("code"),
            proposals=item.proposals.for_user(user), trail=hooks.item_trail(item, user),
            can_manage=policy.can(user, "secretariat.manage"),
            can_history=policy.can(user, "secretariat.manage"), **kwargs)


class ItemUpdateView(ItemMixin, ObjectFormView):
    permission = "secretariat.manage"
    form_class = ItemForm

    def get_form_kwargs(self):
        item = self.object
        initial = {name: getattr(item, name) for name in ("kind", "source", "reference", "meeting", "text",
                                                          "lead_institution", "deadline")}
        initial |= {"partners": list(item.partners.all()), "activities": list(item.activities.all()),
                    "indicators": list(item.indicators.all())}
        return {"user": self.request.user, "initial": initial}

    def save(self, form):
        return services.item_update(item=self.object, by=self.request.user, values=item_values(form))


class ItemStatusView(ItemMixin, ConfirmActionView):
    """The unit moves an item: in progress, done, dropped (with a reason), or open again."""

    permission = "secretariat.manage"
    form_class = ItemStatusForm
    title = _("Status of %(object)s")
    question = _("The item is %(status)s. What is its status now?")
    submit_label = _("Save")
    success_message = _("The item's status was changed.")

    def get_message_params(self):
        return {"object": self.object.code, "status": self.object.get_status_display().lower()}

    def get_form_kwargs(self):
        allowed = services.secretariat_items.ITEM_TRANSITIONS[self.object.status]
        return {"initial": {"status": allowed[0]}}

    def get_form(self, data=None):
        form = super().get_form(data)
        allowed = services.secretariat_items.ITEM_TRANSITIONS[self.object.status]
        form.fields["status"].choices = [(value, ItemStatus(value).label) for value in allowed]
        return form

    def act(self, obj, data):
        return services.item_set_status(item=obj, by=self.request.user, status=data["status"], reason=data["reason"])


class ItemHistoryView(ItemMixin, ObjectHistoryView):
    permission = "secretariat.manage"


# Proposals ------------------------------------------------------------------------------------------------


def proposal_values(form):
    data = form.cleaned_data
    return services.ProposalValues(**{name: data[name] for name in (
        "kind", "reasons", "activity", "objective", "code", "description", "lead_institution", "deadline_date",
        "output_indicator", "target", "meeting")})


class ProposalListView(PolicyMixin, View):
    permission = "secretariat.proposals"

    def get(self, request):
        proposals = Proposal.objects.for_user(request.user).select_related(
            "activity", "meeting", "decision", "lead_institution")
        return render(request, "strategy/secretariat/proposal_list.html", {
            "title": _("Proposals for the plan"), "tab": "proposals", "proposals": proposals,
            "can_manage": policy.can(request.user, "secretariat.manage"),
        })


class ProposalCreateView(ServiceFormView):
    permission = "secretariat.manage"
    form_class = ProposalForm
    title = _("New proposal for the plan")
    success_message = _("The proposal was saved as a draft.")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_cancel_url(self):
        return reverse("strategy:proposal_list")

    def save(self, form):
        return services.proposal_create(by=self.request.user, values=proposal_values(form))


class ProposalMixin(ObjectMixin):
    model = Proposal

    def get_queryset(self):
        return super().get_queryset().select_related("activity", "objective", "lead_institution", "meeting",
                                                     "decision__meeting", "result", "created_by", "applied_by")


class ProposalDetailView(ProposalMixin, ObjectView):
    permission = "secretariat.proposals"
    template_name = "strategy/secretariat/proposal_detail.html"
    context_object_name = "proposal"

    def get_context_data(self, **kwargs):
        proposal, user = self.object, self.request.user
        can_manage = policy.can(user, "secretariat.manage")
        stale = (proposal.activity_id is not None and proposal.status in (ProposalStatus.DRAFT, ProposalStatus.DEFERRED,
                                                                           ProposalStatus.APPROVED)
                 and services.secretariat_items.activity_stamp(proposal.activity) != proposal.activity_stamp)
        return super().get_context_data(
            title=str(proposal), tab="proposals", stale=stale,
            can_edit=can_manage and proposal.status in (ProposalStatus.DRAFT, ProposalStatus.DEFERRED),
            can_apply=can_manage and proposal.status == ProposalStatus.APPROVED, **kwargs)


class ProposalUpdateView(ProposalMixin, ObjectFormView):
    permission = "secretariat.manage"
    form_class = ProposalForm

    def get_form_kwargs(self):
        proposal = self.object
        initial = {name: getattr(proposal, name) for name in (
            "kind", "reasons", "activity", "objective", "code", "description", "lead_institution", "deadline_date",
            "output_indicator", "target", "meeting")}
        return {"user": self.request.user, "initial": initial}

    def save(self, form):
        return services.proposal_update(proposal=self.object, by=self.request.user, values=proposal_values(form))


class ProposalDecideView(ProposalMixin, ConfirmActionView):
    """Record the Committee's answer: approved by one of its decisions, rejected or deferred."""

    permission = "secretariat.manage"
    form_class = ProposalDecideForm
    title = _("The Committee's decision on %(object)s")
    question = _("What did the Committee decide?")
    submit_label = _("Record the decision")
    success_message = _("The Committee's decision was recorded.")
    invalid_status = 400

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def act(self, obj, data):
        return services.proposal_decide(proposal=obj, by=self.request.user, outcome=data["outcome"],
                                        decision=data["decision"], note=data["note"])


class ProposalApplyView(ProposalMixin, ConfirmActionView):
    """Apply an approved proposal to the plan, once; a stale or already applied proposal is refused on the page."""

    permission = "secretariat.manage"
    title = _("Apply %(object)s to the plan")
    question = _("Change the action plan as the Committee decided? The activity's history will name the decision.")
    submit_label = _("Apply to the plan")
    success_message = _("The plan was changed as the Committee decided.")
    refusal_on_page = True

    def check(self, obj):
        services.proposal_check_apply(proposal=obj)

    def act(self, obj, data):
        return services.proposal_apply(proposal=obj, by=self.request.user)
