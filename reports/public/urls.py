"""URLs of the public site (namespace 'public'), open to anyone: only what is published is ever found here."""

from django.urls import path, register_converter

from . import views


class LanguageConverter:
    regex = "sq|en"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SpanConverter:
    """A published span: a year (2025) or a quarter (2025-q3)."""

    regex = r"[0-9]{4}(?:-q[1-4])?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(LanguageConverter, "lang")
register_converter(SpanConverter, "span")

app_name = "public"
urlpatterns = [
    path("", views.root, name="root"),
    path("<lang:lang>/", views.home, name="home"),
    path("<lang:lang>/<span:span>/", views.statistics, name="statistics"),
    path("<lang:lang>/<span:span>/data.csv", views.data_csv, name="data_csv"),
    path("<lang:lang>/<span:span>/data.xlsx", views.data_xlsx, name="data_xlsx"),
    path("<lang:lang>/open-data/", views.open_data, name="open_data"),
    path("<lang:lang>/reports/", views.reports, name="reports"),
    path("reports/<int:pk>.pdf", views.report_pdf, name="report_pdf"),
    path("<lang:lang>/about/", views.about, name="about"),
]
