"""URLs of quarterly reports and committee reports (namespace 'reports')."""

from .committee.urls import urlpatterns as committee_urlpatterns
from .quarterly_urls import urlpatterns as quarterly_urlpatterns
from .secretariat.urls import urlpatterns as secretariat_urlpatterns

app_name = "reports"
urlpatterns = quarterly_urlpatterns + committee_urlpatterns + secretariat_urlpatterns
