"""Matrix rows of the public site (anyone, signed in or not, reads what is published; nothing else is found)
and of the publications (the unit follows them, the director publishes and withdraws)."""

from tests.matrix import Row

EVERYONE = {role: 200 for role in ("anonymous", "director", "coordinator", "other_coordinator", "reporter",
                                   "other_reporter", "committee")}
NOBODY = dict.fromkeys(EVERYONE, 404)
UNIT = {"director": 200, "coordinator": 200, "other_coordinator": 200}


def _tables(year, version=1):
    return {
        "schema": 1, "version": version, "published_at": f"{year + 1}-02-01", "threshold": 4,
        "span": {"year": year, "quarter": 0, "label": {"sq": str(year), "en": str(year)}, "quarters": []},
        "statistics": [], "implementation": {"categories": [], "pillars": [], "institutions": []},
        "reporting": {"states": [], "institutions": []}, "committee_reports": [],
    }


def build(world):
    """A publication of 2025 on the public site with a finalised committee report, and a withdrawn one of 2023."""
    import hashlib

    from django.core.cache import cache
    from django.utils import timezone

    from reports.models import CommitteeReport, Publication, PublicationStatus

    director = world.users["director"]
    pdf = b"%PDF-1.4 matrix"
    report = CommitteeReport.objects.create(title="Matrix public report", created_by=director, status="final",
                                            finalised_at=timezone.now(), finalised_by=director, frozen_pdf=pdf,
                                            pdf_sha256=hashlib.sha256(pdf).hexdigest(), frozen_figures={})
    world.hidden_report = CommitteeReport.objects.create(
        title="Matrix report not given to the public", created_by=director, status="final",
        finalised_at=timezone.now(), finalised_by=director, frozen_pdf=b"%PDF-1.4 hidden", frozen_figures={})
    tables = _tables(2025)
    tables["committee_reports"] = [{"id": report.pk, "title": report.title, "version": 1, "language": "sq",
                                    "finalised_at": "2026-02-01", "pdf_sha256": report.pdf_sha256}]
    world.publication = Publication.objects.create(year=2025, published_at=timezone.now(), published_by=director,
                                                   tables=tables, tables_sha256="-")
    world.publication.committee_reports.set([report])
    world.public_report = report
    world.withdrawn = Publication.objects.create(year=2023, published_at=timezone.now(), published_by=director,
                                                 tables=_tables(2023), tables_sha256="-",
                                                 status=PublicationStatus.WITHDRAWN)
    cache.clear()


def lang(world):
    return {"lang": "en"}


def published(world):
    return {"lang": "en", "span": "2025"}


def withdrawn(world):
    return {"lang": "en", "span": "2023"}


ROWS = [
    Row("public:root", dict.fromkeys(EVERYONE, 302), note="to the site in the visitor's language"),
    Row("public:home", EVERYONE, kwargs=lang),
    Row("public:statistics", EVERYONE, kwargs=published),
    Row("public:statistics", NOBODY, kwargs=withdrawn, note="a withdrawn span is not found"),
    Row("public:statistics", NOBODY, kwargs=lambda w: {"lang": "sq", "span": "2024"}, note="never published"),
    Row("public:statistics", NOBODY, kwargs=lambda w: {"lang": "en", "span": "2025-q2"},
        note="a quarter of a published year is not a publication of its own"),
    Row("public:data_csv", EVERYONE, kwargs=published),
    Row("public:data_csv", NOBODY, kwargs=withdrawn),
    Row("public:data_xlsx", EVERYONE, kwargs=published),
    Row("public:data_xlsx", NOBODY, kwargs=lambda w: {"lang": "en", "span": "9999"}),
    Row("public:open_data", EVERYONE, kwargs=lang, query="?year=2023&indicator=nope&page=99999999999"),
    Row("public:reports", EVERYONE, kwargs=lang),
    Row("public:report_pdf", EVERYONE, kwargs=lambda w: {"pk": w.public_report.pk}),
    Row("public:report_pdf", NOBODY, kwargs=lambda w: {"pk": w.hidden_report.pk},
        note="a finalised report the director did not give the public"),
    Row("public:about", EVERYONE, kwargs=lang),
    Row("reports:publication_list", UNIT),
    Row("reports:publication_create", {"director": 200}),
    Row("reports:publication_create", {"director": 200}, method="post", data=lambda w: {"year": "1999"},
        note="a year without periods: the form again"),
    Row("reports:publication_withdraw", {"director": 200},
        kwargs=lambda w: {"pk": w.publication.pk}),
]
