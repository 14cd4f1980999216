"""Activities: the filtered list and its download, an institution's own activities, one activity's page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import ObjectView

from .. import exports, selectors
from ..filters import ActivityFilter
from ..models import ActionPlan, Activity

PAGE_SIZE = 50
EXPORT_FORMATS = ("xlsx", "csv")


class ActivityListView(PolicyMixin, View):
    """Activities with filters, sorting and pages; also downloads the filtered list (xlsx/csv)."""

    permission = "plan.view"
    template_name = "strategy/activity_list.html"
    keep_page = True

    def get_filter(self, request):
        plan = None
        plan_id = request.GET.get("plan", "")
        if plan_id.isdigit():
            plan = ActionPlan.objects.for_user(request.user).filter(pk=plan_id).first()
        queryset = selectors.activity_list_queryset(request.user, reported_quarter=False)
        return ActivityFilter(request.GET, queryset=queryset,
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
            # "Our activities": the institution's name would need its genitive ("e Policisë së Shtetit").
            "title": _("Our activities"),
            "page_obj": page, "object_list": page.object_list, "institution": institution,
        })


class ActivityDetailView(ObjectView):
    permission = "plan.view"
    model = Activity
    template_name = "strategy/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return selectors.activity_list_queryset(self.request.user)  # Activity.objects.for_user(user), shaped

    def get_context_data(self, **kwargs):
        activity = self.object
        return super().get_context_data(title=f"{activity.code}",
                                        reported=selectors.activity_reports(activity, self.request.user), **kwargs)
