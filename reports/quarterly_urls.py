"""URLs of quarterly reports, their review and follow-up."""

urlpatterns = []
