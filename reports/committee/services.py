"""Writes of committee reports: create, edit the texts, finalise (freeze), supersede, log downloads.

Every function runs in one transaction, validates with full_clean() and leaves the audit trail
(django-simple-history, with the acting user) in the same transaction. A finalised report refuses
every change here, in the model's save() and in bulk updates alike.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antitrafik import policy
from reports.choices import CommitteeReportStatus
from reports.models import CommitteeReport, CommitteeReportDownload
from reports.models.committee import CommitteeReportError, frozen_report_error

from .charts import cached_report_charts
from .compile import compile_figures, span_kind_of, span_problems
from .document import document_charts, frozen_page
from .pdf import render_pdf

TEXT_FIELDS = CommitteeReport.TEXT_FIELDS


def canonical_json(figures):
    """The figures as canonical UTF-8 JSON bytes: what the figures checksum is computed over."""
    return json.dumps(figures, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def figures_checksum(figures):
    return sha256_hex(canonical_json(figures))


def _refuse_unless(user, permission):
    if not policy.can(user, permission):
        raise CommitteeReportError(_("You are not allowed to do this."), kind=CommitteeReportError.FORBIDDEN)


def committee_report_create(*, by, title: str, language: str, periods, executive_summary: str = "",
                            findings: str = "", recommendations: str = "", proposals: str = "") -> CommitteeReport:
    """A new draft over `periods` (one plan, consecutive). Refused (CommitteeReportError on `periods`) when the
    span is bad or holds no accepted data; nothing is created then."""
    _refuse_unless(by, "committee.draft")
    periods = sorted(periods, key=lambda p: p.sequence)
    problems = span_problems(periods)
    if problems:
        raise CommitteeReportError(problems, field="periods")
    try:
        compile_figures(periods=periods, language=language)
    except ValidationError as error:  # NoAcceptedData: nothing to compile yet
        raise CommitteeReportError(error.messages, field="periods") from None
    with transaction.atomic():
        report = CommitteeReport(title=title, language=language, span_kind=span_kind_of(periods), created_by=by,
                                 executive_summary=executive_summary, findings=findings,
                                 recommendations=recommendations, proposals=proposals)
        report._history_user = by
        report.full_clean()
        report.save()
        report.periods.set(periods)
    return report


def committee_report_update(*, report, by, title: str | None = None, language: str | None = None,
                            executive_summary: str | None = None, findings: str | None = None,
                            recommendations: str | None = None, proposals: str | None = None) -> CommitteeReport:
    """Change a draft's title, language or texts (those given; None leaves one as it is). A finalised report
    answers with a clear refusal."""
    _refuse_unless(by, "committee.draft")
    given = {"title": title, "language": language, "executive_summary": executive_summary, "findings": findings,
             "recommendations": recommendations, "proposals": proposals}
    fields = {name: value for name, value in given.items() if value is not None}
    with transaction.atomic():
        # Lock and re-read: a finalise that committed while this request waited is seen, and only the
        # fields given are written (never the frozen ones, from a copy loaded before it).
        report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_draft:
            raise frozen_report_error()
        for name, value in fields.items():
            setattr(report, name, value)
        report._history_user = by
        report.full_clean()
        report.save(update_fields=[*fields, "updated_at"])
    return report


def committee_report_figures(report):
    """The report's figures: the frozen copy once finalised, else compiled now from accepted data."""
    if report.is_frozen and report.frozen_figures is not None:
        return report.frozen_figures
    return compile_figures(periods=list(report.periods.all()), language=report.language)


def warm_draft_charts():
    """Draw the charts of every draft committee report as a server process starts (antitrafik.warm): otherwise
    the director's first look at a draft in each process draws all of them inside the request (about 1 s of
    processor), on the deadline day among the reporters' saves; later, only a chart whose figures changed is
    drawn again. A draft whose figures cannot be compiled is left to its page. How many drafts."""
    drafts = list(CommitteeReport.objects.filter(status=CommitteeReportStatus.DRAFT).order_by("pk"))
    for report in drafts:
        try:
            figures = committee_report_figures(report)
        except ValidationError:
            continue
        document_charts(report, figures)
    return len(drafts)


def coverage_needs_reason(figures):
    """Whether finalising these figures asks for a reason: in some quarter fewer reports than the configured
    share (COMMITTEE_COVERAGE_THRESHOLD, in %) were accepted."""
    coverage = figures.get("coverage") or {}
    return coverage.get("lowest_share", 100) < settings.COMMITTEE_COVERAGE_THRESHOLD


# What the PDF prints of the report itself: if any of it changes while the PDF is rendered, the PDF is stale.
PRINTED_FIELDS = ("title", "language", "version", *TEXT_FIELDS)
FROZEN_FIELDS = ("status", "finalised_at", "finalised_by", "coverage_reason", "frozen_figures", "figures_sha256",
                 "frozen_charts", "frozen_page", "frozen_pdf", "pdf_sha256", "updated_at")


def committee_report_finalise(*, report, by, coverage_reason=""):
    """Freeze the report: store its figures, charts and PDF with their SHA-256; mark the version it replaces
    superseded. When a quarter's coverage is below the threshold, a reason is required; it is stored and
    printed in the report.

    Two steps: the figures, charts and PDF are made without any lock (rendering takes seconds), then a short
    locked transaction checks that the report is still the draft that was rendered and freezes it.
    The PDF prints the figures' checksum (a PDF cannot contain its own); the page shows both.
    """
    _refuse_unless(by, "committee.finalise")
    final = _render_final(report, by=by, coverage_reason=coverage_reason)
    return _freeze(final, by=by)


def _render_final(report, *, by, coverage_reason):
    """The report as it will be frozen (not saved): figures, charts, PDF and checksums, made from a fresh copy."""
    report = CommitteeReport.objects.get(pk=report.pk)
    if not report.is_draft:
        raise frozen_report_error()
    figures = committee_report_figures(report)
    coverage_reason = (coverage_reason or "").strip()
    if coverage_needs_reason(figures):
        if not coverage_reason:
            raise CommitteeReportError(_(
                "In %(quarters)s fewer than %(threshold)s%% of the reports were accepted: say why the report is "
                "finalised now. The reason is printed in the report.") % {
                "threshold": settings.COMMITTEE_COVERAGE_THRESHOLD,
                "quarters": ", ".join(p["label"] for p in figures["coverage"]["per_period"]
                                      if p["share"] < settings.COMMITTEE_COVERAGE_THRESHOLD)},
                field="coverage_reason")
        report.coverage_reason = coverage_reason
    else:
        report.coverage_reason = ""
    report.frozen_figures = json.loads(canonical_json(figures))
    report.figures_sha256 = figures_checksum(report.frozen_figures)
    report.frozen_charts = [{k: v for k, v in c.items() if k != "src"}
                            for c in cached_report_charts(report.frozen_figures, report.language)]
    report.status = CommitteeReportStatus.FINAL
    report.finalised_at = timezone.now()
    report.finalised_by = by
    report.frozen_page = frozen_page(report, report.frozen_figures)
    pdf = render_pdf(report, report.frozen_figures)
    report.frozen_pdf = pdf
    report.pdf_sha256 = sha256_hex(pdf)
    return report


def _freeze(final, *, by):
    """Write the rendered `final` over its row, under a row lock held only for these few statements."""
    with transaction.atomic():
        stored = CommitteeReport.objects.select_for_update().get(pk=final.pk)
        if not stored.is_draft:
            raise frozen_report_error()
        if any(getattr(stored, name) != getattr(final, name) for name in PRINTED_FIELDS):
            raise CommitteeReportError(
                _("The report's texts were changed while it was being finalised, so the PDF made meanwhile does not "
                  "show them. Nothing was frozen: check the report, then finalise it again."),
                kind=CommitteeReportError.CONFLICT)
        final._history_user = by
        final.full_clean()
        final.save(update_fields=FROZEN_FIELDS)
        if final.supersedes_id is not None:
            previous = CommitteeReport.objects.select_for_update().filter(
                pk=final.supersedes_id, status=CommitteeReportStatus.FINAL).first()
            if previous is not None:
                previous.status = CommitteeReportStatus.SUPERSEDED
                previous._history_user = by
                previous.save(update_fields=["status"])
    return final


def committee_report_supersede(*, report, by):
    """A new draft version of a finalised report (same span, language and texts). The old one becomes
    superseded when the new one is finalised."""
    _refuse_unless(by, "committee.draft")
    with transaction.atomic():
        report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
        if report.status != CommitteeReportStatus.FINAL:
            raise CommitteeReportError(_("Only a finalised report can be replaced by a new version."),
                                       kind=CommitteeReportError.CONFLICT)
        if CommitteeReport.objects.filter(supersedes=report).exists():
            raise CommitteeReportError(_("A new version of this report already exists."),
                                       kind=CommitteeReportError.CONFLICT)
        successor = CommitteeReport(
            title=report.title, language=report.language, span_kind=report.span_kind, version=report.version + 1,
            supersedes=report, created_by=by, **{name: getattr(report, name) for name in TEXT_FIELDS},
        )
        successor._history_user = by
        successor.full_clean()
        successor.save()
        successor.periods.set(report.periods.all())
    return successor


def committee_report_log_download(*, report, by, format):
    """Record who downloaded the report in which format."""
    return CommitteeReportDownload.objects.create(report=report, user=by, format=format)
