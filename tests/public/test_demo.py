"""After seed_demo, a visitor without an account sees the published 2025 figures, small numbers suppressed,
reads the annual committee report and downloads the open data; nothing else is published."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from reports.models import Publication

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("seeded_demo")
class TestThePublishedDemo:
    def test_the_last_full_year_is_published_with_its_annual_report(self, client_for):
        cache.clear()
        year = timezone.localdate().year - 1
        publication = Publication.objects.current().get()
        assert (publication.year, publication.quarter) == (year, 0)
        report = publication.committee_reports.get()
        assert report.title.startswith(f"Raporti vjetor {year}")
        visitor = client_for(None, language=None)
        page = visitor.get("/", follow=True).content.decode()
        assert "Treguesi" not in page and "&lt;5" in page  # the demo's small counts, suppressed
        assert reverse("public:report_pdf", kwargs={"pk": report.pk}) in page
        pdf = visitor.get(reverse("public:report_pdf", kwargs={"pk": report.pk}))
        assert pdf.content.startswith(b"%PDF") and bytes(report.frozen_pdf) == pdf.content
        data = visitor.get(reverse("public:data_csv", kwargs={"lang": "en", "span": str(year)}))
        assert data.status_code == 200 and b"VT-01" in data.content
        assert visitor.get(reverse("public:statistics", kwargs={"lang": "sq", "span": str(year - 1)})).status_code == 404
        assert datetime.date.fromisoformat(publication.tables["published_at"]) <= timezone.localdate()
