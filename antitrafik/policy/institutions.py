"""Policy for institutions and users."""

from .roles import Role, role_rule, signed_in, unit_all_reporter_own

RULES = {
    "home.view": signed_in,
    # One's own account page: details and two-step sign-in (set up, recovery codes, switch off).
    "account.view": signed_in,
    # Which panels of the home page a user gets: the unit's overview, a coordinator's portfolio, a reporter's institution.
    "home.unit_overview": role_rule(Role.DIRECTOR),
    "home.portfolio": role_rule(Role.COORDINATOR),
    "home.own_institution": role_rule(Role.REPORTER),
    "institution.list": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "institution.view": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER),
    "institution.manage": role_rule(Role.DIRECTOR),
    "institution.history": role_rule(Role.DIRECTOR),
    "user.list": role_rule(Role.DIRECTOR),
    "user.view": role_rule(Role.DIRECTOR),
    "user.manage": role_rule(Role.DIRECTOR),
    "user.history": role_rule(Role.DIRECTOR),
    "user.second_factor_reset": role_rule(Role.DIRECTOR),
    "security.log": role_rule(Role.DIRECTOR),
}


def scope_institutions(queryset, user):
    """The unit sees every institution; a reporter only its own; others none."""
    return unit_all_reporter_own(queryset, user, "pk")


def scope_users(queryset, user):
    """The unit sees every user (coordinators stand in for each other's portfolios);
    a reporter the colleagues of its institution; a committee member none."""
    return unit_all_reporter_own(queryset, user, "institution_id")
