"""URLs of committee reports (included in the 'reports' namespace)."""

urlpatterns = []
