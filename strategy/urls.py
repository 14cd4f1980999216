"""URLs of the action plan, indicators and reporting periods (mounted at /plan/)."""

from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("", views.PlanIndexView.as_view(), name="plan_index"),
    path("strategies/new/", views.StrategyCreateView.as_view(), name="strategy_create"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanOverviewView.as_view(), name="plan_overview"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:plan>/pillars/new/", views.PillarCreateView.as_view(), name="pillar_create"),
    path("pillars/<int:pk>/edit/", views.PillarUpdateView.as_view(), name="pillar_update"),
    path("plans/<int:plan>/objectives/new/", views.ObjectiveCreateView.as_view(), name="objective_create"),
    path("objectives/<int:pk>/edit/", views.ObjectiveUpdateView.as_view(), name="objective_update"),
    path("plans/<int:plan>/activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("plans/<int:plan>/import/", views.ImportUploadView.as_view(), name="import_upload"),
    path("plans/<int:plan>/import/preview/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/template.<str:fmt>", views.ImportTemplateView.as_view(), name="import_template"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/export.<str:fmt>", views.ActivityExportView.as_view(), name="activity_export"),
    path("activities/mine/", views.MyActivitiesView.as_view(), name="my_activities"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_update"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/new/", views.IndicatorFormView.as_view(), name="indicator_create"),
    path("indicators/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.IndicatorFormView.as_view(), name="indicator_update"),
    path("indicators/<int:pk>/delete/", views.IndicatorDeleteView.as_view(), name="indicator_delete"),
    path("indicators/<int:indicator>/rules/new/", views.RuleFormView.as_view(), name="rule_create"),
    path("rules/<int:pk>/edit/", views.RuleFormView.as_view(), name="rule_update"),
    path("rules/<int:pk>/delete/", views.RuleDeleteView.as_view(), name="rule_delete"),
    path("dimensions/", views.DimensionListView.as_view(), name="dimension_list"),
    path("dimensions/new/", views.DimensionFormView.as_view(), name="dimension_create"),
    path("dimensions/<int:pk>/edit/", views.DimensionFormView.as_view(), name="dimension_update"),
    path("periods/", views.PeriodListView.as_view(), name="period_list"),
    path("periods/new-year/", views.PeriodCreateYearView.as_view(), name="period_create_year"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<int:pk>/<str:action>/", views.PeriodTransitionView.as_view(), name="period_transition"),
    # Last: these match any '<kind>/<pk>/…' path.
    path("<str:kind>/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("<str:kind>/<int:pk>/archive/", views.ItemArchiveView.as_view(), name="item_archive"),
    path("<str:kind>/<int:pk>/history/", views.ItemHistoryView.as_view(), name="item_history"),
]
