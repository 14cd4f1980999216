"""URLs of the action plan, indicators and reporting periods (mounted at /plan/)."""

from django.urls import path

from .views import activities, indicators, periods, plan, plan_import

app_name = "strategy"
urlpatterns = [
    path("", plan.PlanIndexView.as_view(), name="plan_index"),
    path("strategies/new/", plan.StrategyCreateView.as_view(), name="strategy_create"),
    path("plans/new/", plan.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", plan.PlanOverviewView.as_view(), name="plan_overview"),
    path("plans/<int:pk>/edit/", plan.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:plan>/pillars/new/", plan.PillarCreateView.as_view(), name="pillar_create"),
    path("pillars/<int:pk>/edit/", plan.PillarUpdateView.as_view(), name="pillar_update"),
    path("plans/<int:plan>/objectives/new/", plan.ObjectiveCreateView.as_view(), name="objective_create"),
    path("objectives/<int:pk>/edit/", plan.ObjectiveUpdateView.as_view(), name="objective_update"),
    path("plans/<int:plan>/activities/new/", plan.ActivityCreateView.as_view(), name="activity_create"),
    path("plans/<int:plan>/import/", plan_import.ImportUploadView.as_view(), name="import_upload"),
    path("plans/<int:plan>/import/preview/", plan_import.ImportPreviewView.as_view(), name="import_preview"),
    path("import/template.<str:fmt>", plan_import.ImportTemplateView.as_view(), name="import_template"),
    path("activities/", activities.ActivityListView.as_view(), name="activity_list"),
    path("activities/export.<str:fmt>", activities.ActivityExportView.as_view(), name="activity_export"),
    path("activities/mine/", activities.MyActivitiesView.as_view(), name="my_activities"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", plan.ActivityUpdateView.as_view(), name="activity_update"),
    path("indicators/", indicators.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/new/", indicators.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicators/<int:pk>/", indicators.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indicators/<int:pk>/edit/", indicators.IndicatorUpdateView.as_view(), name="indicator_update"),
    path("indicators/<int:pk>/delete/", indicators.IndicatorDeleteView.as_view(), name="indicator_delete"),
    path("indicators/<int:indicator>/rules/new/", indicators.RuleCreateView.as_view(), name="rule_create"),
    path("rules/<int:pk>/edit/", indicators.RuleUpdateView.as_view(), name="rule_update"),
    path("rules/<int:pk>/delete/", indicators.RuleDeleteView.as_view(), name="rule_delete"),
    path("dimensions/", indicators.DimensionListView.as_view(), name="dimension_list"),
    path("dimensions/new/", indicators.DimensionCreateView.as_view(), name="dimension_create"),
    path("dimensions/<int:pk>/edit/", indicators.DimensionUpdateView.as_view(), name="dimension_update"),
    path("periods/", periods.PeriodListView.as_view(), name="period_list"),
    path("periods/new-year/", periods.PeriodCreateYearView.as_view(), name="period_create_year"),
    path("periods/<int:pk>/", periods.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<int:pk>/<str:action>/", periods.PeriodTransitionView.as_view(), name="period_transition"),
    # Last: these match any '<kind>/<pk>/…' path.
    path("<str:kind>/<int:pk>/delete/", plan.ItemDeleteView.as_view(), name="item_delete"),
    path("<str:kind>/<int:pk>/archive/", plan.ItemArchiveView.as_view(), name="item_archive"),
    path("<str:kind>/<int:pk>/history/", plan.ItemHistoryView.as_view(), name="item_history"),
]
