"""URLs of the action plan, indicators and reporting periods."""

app_name = "strategy"
urlpatterns = []
