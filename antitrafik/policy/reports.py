"""Policy for quarterly reports and their review."""

from institutions.choices import Role

from .roles import has_role, role_rule

RULES = {
    "report.list": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER),
    "report.view": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER),
    # Object-level rules: the reporter of the report's own institution / the coordinator of its portfolio.
    "report.edit": lambda user, report=None: has_role(user, Role.REPORTER)
    and (report is None or report.institution_id == user.institution_id),
    "report.review": lambda user, report=None: has_role(user, Role.DIRECTOR)
    or (has_role(user, Role.COORDINATOR) and (report is None or report.institution.coordinator_id == user.pk)),
    "report.reopen": role_rule(Role.DIRECTOR),
    "report.board": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "report.overview": role_rule(Role.DIRECTOR),
}


def scope_quarterly_reports(queryset, user):
    """The unit sees every report; a reporter only its own institution's."""
    if has_role(user, Role.DIRECTOR, Role.COORDINATOR):
        return queryset
    if has_role(user, Role.REPORTER) and user.institution_id:
        return queryset.filter(institution_id=user.institution_id)
    return queryset.none()
