"""URLs of quarterly reports, committee reports and the publications on the public site (namespace 'reports')."""

from django.urls import path

from .committee.urls import urlpatterns as committee_urlpatterns
from .public import manage as publications
from .quarterly_urls import urlpatterns as quarterly_urlpatterns
from .secretariat.urls import urlpatterns as secretariat_urlpatterns

app_name = "reports"
urlpatterns = quarterly_urlpatterns + committee_urlpatterns + secretariat_urlpatterns + [
    path("publications/", publications.PublicationListView.as_view(), name="publication_list"),
    path("publications/new/", publications.PublishView.as_view(), name="publication_create"),
    path("publications/<int:pk>/withdraw/", publications.WithdrawView.as_view(), name="publication_withdraw"),
]
