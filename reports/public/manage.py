"""The unit's side of the public site: the publications (the director publishes and withdraws them)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import ConfirmActionView, ServiceFormView

from ..models import Publication
from . import services
from .forms import PublishForm, WithdrawForm


class PublicationListView(PolicyMixin, View):
    permission = "publication.list"

    def get(self, request):
        publications = (Publication.objects.for_user(request.user)
                        .select_related("published_by", "withdrawn_by").prefetch_related("committee_reports")
                        .defer("tables"))
        return render(request, "reports/public/publication_list.html", {
            "title": _("Publications on the public site"), "publications": publications,
        })


class PublishView(ServiceFormView):
    permission = "publication.publish"
    form_class = PublishForm
    title = _("Publish figures")
    submit_label = _("Publish")
    success_message = _("Published: the public site shows %(object)s now.")

    def get_cancel_url(self):
        return reverse("reports:publication_list")

    def save(self, form):
        data = form.cleaned_data
        return services.publication_publish(by=self.request.user, year=data["year"], quarter=data["quarter"],
                                            committee_reports=data["committee_reports"])


class WithdrawView(ConfirmActionView):
    model = Publication
    permission = "publication.withdraw"
    form_class = WithdrawForm
    title = _("Withdraw %(object)s")
    question = _("Take %(object)s off the public site? Its pages, files and reports will no longer be found.")
    submit_label = _("Withdraw")
    success_message = _("Withdrawn.")
    danger = True

    def get_back_url(self):
        return reverse("reports:publication_list")

    def act(self, obj, data):
        return services.publication_withdraw(publication=obj, by=self.request.user, reason=data["reason"])
