"""URLs of the data area (namespace 'data', under /data/): the indicator pages and the public sources."""

from django.urls import path

from reports.sources import views as sources

from . import views

app_name = "data"
urlpatterns = [
    path("", views.DataIndexView.as_view(), name="index"),
    path("indicators/<int:pk>/", views.IndicatorDataView.as_view(), name="indicator"),
    path("indicators/<int:pk>/data.xlsx", views.IndicatorDownloadView.as_view(format="xlsx"), name="indicator_xlsx"),
    path("indicators/<int:pk>/data.csv", views.IndicatorDownloadView.as_view(format="csv"), name="indicator_csv"),
    path("sources/", sources.SourceListView.as_view(), name="source_list"),
    path("sources/new/", sources.SourceCreateView.as_view(), name="source_create"),
    path("sources/<int:pk>/", sources.SourceDetailView.as_view(), name="source_detail"),
    path("sources/<int:pk>/edit/", sources.SourceUpdateView.as_view(), name="source_update"),
    path("sources/<int:pk>/delete/", sources.SourceDeleteView.as_view(), name="source_delete"),
    path("sources/<int:pk>/history/", sources.SourceHistoryView.as_view(), name="source_history"),
    path("sources/<int:pk>/figures/", sources.FigureSetChooseView.as_view(), name="figure_set_choose"),
    path("sources/<int:pk>/figures/<int:indicator>/<int:year>/", sources.FigureSetView.as_view(), name="figure_set"),
    path("sources/<int:pk>/figures/<int:indicator>/<int:year>/q<int:quarter>/", sources.FigureSetView.as_view(),
         name="figure_set"),
    path("sources/<int:pk>/figures/<int:indicator>/<int:year>/delete/", sources.FigureSetDeleteView.as_view(),
         name="figure_set_delete"),
    path("sources/<int:pk>/figures/<int:indicator>/<int:year>/q<int:quarter>/delete/",
         sources.FigureSetDeleteView.as_view(), name="figure_set_delete"),
]
