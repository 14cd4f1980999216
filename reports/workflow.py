"""The workflow of a quarterly report: the one table of allowed transitions and who may make them.

    draft ──submit──▶ submitted ──accept──▶ accepted
                        │   ▲                  │
                  return│   │submit            │reopen (director, with a reason)
                        ▼   │                  ▼
                      returned ◀───────────────┘

* Reporters of the institution save drafts and returned reports and submit them.
* The coordinator of the institution's portfolio, or the director, returns a submitted report
  with a comment or accepts it.
* An accepted report is never edited in place: the director reopens it with a reason, which sends it
  back to the institution as *returned* (the reason is the review comment they answer).
* Period rules: an open period allows everything above; in a closed period reporters may only
  finish returned reports while reviewers still review; a locked period allows nothing
  (enforced again in the model layer, see `reports.models.quarterly`).

Anything else raises `TransitionError`, whose message the views show as it is.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from strategy.choices import PeriodStatus

from .choices import ReportStatus
from .models.quarterly import PeriodLockedError, ReportError

EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class TransitionError(ReportError):
    """A change of status (or an edit) that the workflow does not allow."""

    kind = DomainError.CONFLICT


class AlreadyDoneError(TransitionError):
    """The report is already where the action would take it (e.g. a second click on submit)."""

    harmless = True


class StaleVersionError(ReportError):
    """Somebody else saved the report since this user opened it; `changes` says what differs."""

    kind = DomainError.CONFLICT

    def __init__(self, message, *, changes=(), saved_by=None, saved_at=None):
        super().__init__(message)
        self.changes = list(changes)
        self.saved_by = saved_by
        self.saved_at = saved_at


@dataclass(frozen=True)
class Transition:
    """An allowed change of status, the permission it needs and whether a closed period allows it."""

    action: str
    sources: tuple
    target: str
    permission: str
    label: object
    refused: object
    done: object
    closed_period_ok: bool


TRANSITIONS = {
    "submit": Transition(
        "submit", (ReportStatus.DRAFT, ReportStatus.RETURNED), ReportStatus.SUBMITTED, "report.submit",
        _("Submit"), _("Only a draft or a returned report can be submitted; this one is %(status)s."),
        _("This report has already been submitted."), closed_period_ok=False,
    ),
    "return": Transition(
        "return", (ReportStatus.SUBMITTED,), ReportStatus.RETURNED, "report.review",
        _("Return with comments"), _("Only a submitted report can be returned; this one is %(status)s."),
        _("This report has already been returned."), closed_period_ok=True,
    ),
    "accept": Transition(
        "accept", (ReportStatus.SUBMITTED,), ReportStatus.ACCEPTED, "report.review",
        _("Accept"), _("Only a submitted report can be accepted; this one is %(status)s."),
        _("This report has already been accepted."), closed_period_ok=True,
    ),
    "reopen": Transition(
        "reopen", (ReportStatus.ACCEPTED,), ReportStatus.RETURNED, "report.reopen",
        _("Reopen"), _("Only an accepted report can be reopened; this one is %(status)s."),
        _("This report has already been reopened."), closed_period_ok=True,
    ),
}


def _status_label(status):
    return ReportStatus(status).label.lower()


def open_to_reporter(period, report):
    """Whether the institution can still start, complete or correct its `report` (None: not started) of `period`:
    any report of an open period; of a closed period, only one that was returned to it."""
    return period.status == PeriodStatus.OPEN or (
        period.status == PeriodStatus.CLOSED and report is not None and report.status == ReportStatus.RETURNED)


def check_period(report, *, reviewing):
    """Raise unless the report's period allows this kind of change."""
    status = report.period.status
    if status == PeriodStatus.LOCKED:
        raise PeriodLockedError()
    if status == PeriodStatus.PLANNED:
        raise TransitionError(_("The reporting period is not open yet."))
    if status == PeriodStatus.CLOSED and not reviewing and not open_to_reporter(report.period, report):
        raise TransitionError(_("The reporting period is closed: only returned reports can still be completed."))


def check_transition(action, report, user):
    """Return the Transition for `action` on `report` by `user`, or raise a ReportError saying why not."""
    from antitrafik import policy

    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("This action does not exist."))
    if not policy.can(user, transition.permission, report):
        raise TransitionError(_("You may not do this to this report."), kind=DomainError.FORBIDDEN)
    if report.status not in transition.sources:
        if report.status == transition.target and action != "reopen":
            raise AlreadyDoneError(transition.done)
        raise TransitionError(transition.refused % {"status": _status_label(report.status)})
    check_period(report, reviewing=transition.closed_period_ok)
    return transition


def check_edit(report, user):
    """Raise unless `user` may save changes to `report` now."""
    from antitrafik import policy

    if not policy.can(user, "report.edit", report):
        raise TransitionError(_("You may not edit this report."), kind=DomainError.FORBIDDEN)
    if report.period.status == PeriodStatus.LOCKED:
        raise PeriodLockedError()
    if report.status not in EDITABLE_STATUSES:
        raise TransitionError(
            _("Only a draft or a returned report can be changed; this one is %(status)s.")
            % {"status": _status_label(report.status)}
        )
    check_period(report, reviewing=False)


def allowed(action, report, user):
    """True when `action` ('edit' or a transition) is allowed now: for showing buttons."""
    try:
        if action == "edit":
            check_edit(report, user)
        else:
            check_transition(action, report, user)
    except ReportError:
        return False
    return True


def allowed_actions(report, user):
    """The names of the actions this user can take on this report now."""
    return {name for name in ("edit", *TRANSITIONS) if allowed(name, report, user)}
