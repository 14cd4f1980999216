"""Policy for the action plan, indicators and reporting periods."""

from .roles import Role, has_role, role_rule, signed_in

RULES = {
    "plan.view": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER, Role.COMMITTEE),
    "plan.export": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER, Role.COMMITTEE),
    "plan.edit": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "plan.import": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "plan.history": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "plan.my_activities": role_rule(Role.REPORTER),
    "indicator.view": signed_in,
    "indicator.manage": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "period.view": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER),
    "period.manage": role_rule(Role.DIRECTOR),
}


def scope_activities(queryset, user):
    """The action plan is public inside the application: every signed-in user reads it."""
    if signed_in(user):
        return queryset
    return queryset.none()


def scope_plan(queryset, user):
    """Strategies, plans and indicators: every signed-in user reads them."""
    return scope_activities(queryset, user)


def scope_periods(queryset, user):
    """Reporting periods: the unit and the reporters; committee members do not report."""
    if has_role(user, Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER):
        return queryset
    return queryset.none()
