"""URLs of institutions and users."""

app_name = "institutions"
urlpatterns = []
