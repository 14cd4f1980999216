"""Demo publication (part of `seed_demo`, after the committee reports): the last full year's figures and its
finalised annual committee report, on the public site. Idempotent: nothing is published twice."""

from django.utils import timezone


def _say(stdout, verbosity, message):
    if stdout is not None and verbosity:
        stdout.write(message)


def seed(*, stdout=None, verbosity=1):
    from institutions.models import User
    from reports.committee.demo import YEAR_TITLE
    from reports.models import Publication
    from reports.models.public import PublicationError

    from . import services

    year = timezone.localdate().year - 1
    director = User.objects.filter(username="director").first()
    if director is None or Publication.objects.filter(year=year).exists():
        return
    reports = services.publishable_reports().filter(title=YEAR_TITLE % {"year": year})
    try:
        services.publication_publish(by=director, year=year, committee_reports=list(reports))
    except PublicationError as error:
        _say(stdout, verbosity, f"Public site: {year} not published ({error.messages[0]}).")
        return
    _say(stdout, verbosity, f"Public site: the figures of {year} published, with {reports.count()} committee report(s).")
