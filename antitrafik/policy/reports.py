"""Policy for quarterly reports and their review.

Role-level answers (obj=None) say whether a role may use a page at all; object-level answers
(obj=a QuarterlyReport) add the institution / portfolio condition. Whether the report's status
and period allow the change is the workflow's business (reports.workflow).
"""

from .roles import Role, director_all_coordinator_own, has_role, role_rule, unit_all_reporter_own


def _own_institution_reporter(user, report=None):
    """A reporter; for a report, only of the report's own institution."""
    return has_role(user, Role.REPORTER) and bool(user.institution_id) and (
        report is None or report.institution_id == user.institution_id
    )


def _portfolio_reviewer(user, report=None):
    """The director, or a coordinator (for a report: the coordinator of its institution's portfolio)."""
    if has_role(user, Role.DIRECTOR):
        return True
    return has_role(user, Role.COORDINATOR) and (report is None or report.institution.coordinator_id == user.pk)


def _viewer(user, report=None):
    """The unit sees every report; a reporter its own institution's."""
    return has_role(user, Role.DIRECTOR, Role.COORDINATOR) or _own_institution_reporter(user, report)


RULES = {
    "report.list": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER),
    "report.view": _viewer,
    "report.history": _viewer,
    "report.export": _viewer,
    # The reporter of the report's own institution fills, imports and submits it.
    "report.start": _own_institution_reporter,
    "report.edit": _own_institution_reporter,
    "report.import": _own_institution_reporter,
    "report.submit": _own_institution_reporter,
    "report.mine": role_rule(Role.REPORTER),
    # The coordinator of the institution's portfolio (or the director) returns or accepts it.
    "report.review": _portfolio_reviewer,
    "report.reopen": role_rule(Role.DIRECTOR),
    "report.board": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    # The boards of every portfolio (a coordinator's board shows its own portfolio: scope_portfolio).
    "report.all_portfolios": role_rule(Role.DIRECTOR),
    "report.queue": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "report.overview": role_rule(Role.DIRECTOR),
}


def scope_quarterly_reports(queryset, user):
    """The unit sees every report; a reporter only its own institution's."""
    return unit_all_reporter_own(queryset, user, "institution_id")


def scope_reviewed_reports(queryset, user):
    """The reports this user reviews (see 'report.review'): the director all, a coordinator its portfolio's."""
    return director_all_coordinator_own(queryset, user, "institution__coordinator")


def scope_portfolio(institutions, user):
    """The institutions whose reports this user follows up: the director all, a coordinator its portfolio."""
    return director_all_coordinator_own(institutions, user, "coordinator")
