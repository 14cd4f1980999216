"""The demo committee reports: a finalised one for the last full year and a draft for the latest quarter."""

import datetime

from django.utils import timezone

from reports.committee import demo as committee_demo
from reports.models import CommitteeReport
from tests import factories


def test_seed_without_accepted_data_does_nothing(db):
    factories.DirectorFactory(username="director")
    committee_demo.seed(verbosity=0)
    assert not CommitteeReport.objects.exists()


def test_seed_creates_the_year_and_the_quarter_once(committee_world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 11, 29))
    factories.DirectorFactory(username="director")
    committee_demo.seed(verbosity=0)
    committee_demo.seed(verbosity=0)
    reports = {r.title: r for r in CommitteeReport.objects.all()}
    assert len(reports) == 2
    year = reports["Raporti vjetor 2025 për Komitetin Shtetëror kundër Trafikimit të Personave"]
    assert year.status == "final" and year.span_kind == "year" and year.pdf_sha256
    assert "Mekanizmit Kombëtar të Referimit" in year.executive_summary
    quarter = reports["Raporti i tremujorit të katërt të vitit 2025 për Komitetin Shtetëror"]
    assert quarter.status == "draft" and quarter.span_kind == "quarter"
