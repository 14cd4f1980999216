"""Publishing and withdrawing the public figures: the director's decisions, each a frozen, dated version.

Every function is keyword-only, runs in one transaction, validates with `full_clean()` and records who did
it (django-simple-history). Once the transaction commits, the public site's cache forgets the list of
publications, so the next visitor gets pages under the new publications' key.
"""

import hashlib
import json

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antitrafik import policy
from antitrafik.errors import DomainError
from antitrafik.history import save_audited
from strategy.models import ReportingPeriod
from strategy.quarters import quarter_label

from ..choices import CommitteeReportStatus, ReportStatus
from ..models import CommitteeReport, Publication, PublicationStatus, QuarterlyReport
from ..models.public import PublicationError
from . import cache, tables


def _refuse_unless(user, permission, message):
    if not policy.can(user, permission):
        raise PublicationError(message, kind=DomainError.FORBIDDEN)


def _forget_now_and_on_commit():
    """The public cache forgets the list of publications now (in this process) and again once the change is
    committed (so a visitor in between cannot leave the old list cached)."""
    cache.forget_state()
    transaction.on_commit(cache.forget_state)


def tables_checksum(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def publishable_reports():
    """The committee reports that may be given to the public: finalised (not drafts, not superseded ones)."""
    return CommitteeReport.objects.filter(status=CommitteeReportStatus.FINAL)


def span_periods(year, quarter):
    periods = ReportingPeriod.objects.filter(year=year)
    if quarter:
        periods = periods.filter(quarter=quarter)
    return list(periods.order_by("quarter"))


@transaction.atomic
def publication_publish(*, by, year: int, quarter: int = Publication.YEAR, committee_reports=()) -> Publication:
    """Publish the figures of a year (quarter 0) or a quarter, with the chosen finalised committee reports, as a
    new version; the version it replaces is superseded. Publishing a year supersedes its quarters' publications
    (the year's figures hold them); a quarter of a year already published is refused (its hidden cells could
    be worked out from the year's figures)."""
    _refuse_unless(by, "publication.publish", _("Only the director publishes figures."))
    periods = span_periods(year, quarter)
    label = str(year) if not quarter else quarter_label(year, quarter)
    if not periods or (not quarter and len(periods) != 4) or len({p.plan_id for p in periods}) > 1:
        raise PublicationError(_("%(span)s has no reporting periods of one action plan to publish.")
                               % {"span": label}, kind=DomainError.INVALID)
    if not QuarterlyReport.objects.filter(period__in=periods, status=ReportStatus.ACCEPTED).exists():
        raise PublicationError(_("%(span)s has no accepted quarterly report: there is nothing to publish.")
                               % {"span": label}, kind=DomainError.INVALID)
    if quarter and Publication.objects.current().filter(year=year, quarter=Publication.YEAR).exists():
        raise PublicationError(_("The figures of %(year)s are published for the whole year: withdraw them before "
                                 "publishing one of its quarters.") % {"year": year}, kind=DomainError.CONFLICT)
    reports = list(committee_reports)
    final = set(publishable_reports().filter(pk__in=[r.pk for r in reports]).values_list("pk", flat=True))
    if any(r.pk not in final for r in reports):
        raise PublicationError(_("Only finalised committee reports can be published."), kind=DomainError.INVALID)
    data = tables.build(periods, year=year, quarter=quarter)
    data["committee_reports"] = [
        {"id": r.pk, "title": r.title, "version": r.version, "language": r.language,
         "finalised_at": r.finalised_at.date().isoformat() if r.finalised_at else "", "pdf_sha256": r.pdf_sha256}
        for r in sorted(reports, key=lambda r: r.pk)
    ]
    replaced = Publication.objects.current().filter(year=year)
    if quarter:
        replaced = replaced.filter(quarter=quarter)
    for old in replaced.select_for_update():
        old.status = PublicationStatus.SUPERSEDED
        save_audited(old, by=by, reason=f"v{old.version} → new publication")
    version = (Publication.objects.filter(year=year, quarter=quarter).aggregate(v=Max("version"))["v"] or 0) + 1
    now = timezone.now()
    data["published_at"] = now.date().isoformat()
    data["version"] = version
    publication = save_audited(Publication(
        year=year, quarter=quarter, version=version, published_at=now, published_by=by, tables=data,
        tables_sha256=tables_checksum(data),
    ), by=by)
    publication.committee_reports.set(reports)
    _forget_now_and_on_commit()
    return publication


@transaction.atomic
def publication_withdraw(*, publication: Publication, by, reason: str) -> Publication:
    """Take a publication off the public site (its pages, files, charts and reports answer 404 from then on)."""
    _refuse_unless(by, "publication.withdraw", _("Only the director withdraws publications."))
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != PublicationStatus.PUBLISHED:
        raise PublicationError(_("This publication is not on the public site."), kind=DomainError.CONFLICT)
    if not reason.strip():
        raise PublicationError(_("Say why the publication is withdrawn."), kind=DomainError.INVALID)
    publication.status = PublicationStatus.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = by
    publication.withdrawal_reason = reason.strip()
    save_audited(publication, by=by, reason=reason)
    _forget_now_and_on_commit()
    return publication
