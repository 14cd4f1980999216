"""URLs of quarterly reports and committee reports."""

app_name = "reports"
urlpatterns = []
