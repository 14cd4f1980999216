"""Download names built from data (an institution's code) cannot break or extend the Content-Disposition header."""

from email.message import Message

import pytest
from django.urls import reverse

from institutions.models import Institution

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ['A";filename="x.html', "A\r\nSet-Cookie: x=1", "PSHË"])
def test_the_statistics_form_download_name_is_encoded(report, reporter, client_for, code):
    Institution.objects.filter(pk=report.institution_id).update(code=code)
    response = client_for(reporter).get(reverse("reports:report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and "\n" not in response["Content-Disposition"]
    parsed = Message()
    parsed["Content-Disposition"] = response["Content-Disposition"]
    assert parsed.get_content_disposition() == "attachment"
    assert parsed.get_filename() == f"statistics-{code}-2026-Q2.xlsx"  # one name, the whole code in it


def test_plain_names_stay_readable(report, reporter, client_for):
    response = client_for(reporter).get(reverse("reports:report_xlsx", args=[report.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="statistics-OWN-2026-Q2.xlsx"'
