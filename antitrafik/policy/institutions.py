"""Policy for institutions and users."""

from .roles import Role, has_role, role_rule, signed_in

RULES = {
    "home.view": signed_in,
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
}


def scope_institutions(queryset, user):
    """The unit sees every institution; a reporter only its own; others none."""
    if has_role(user, Role.DIRECTOR, Role.COORDINATOR):
        return queryset
    if has_role(user, Role.REPORTER) and user.institution_id:
        return queryset.filter(pk=user.institution_id)
    return queryset.none()


def scope_users(queryset, user):
    """The unit sees every user (coordinators stand in for each other's portfolios);
    a reporter the colleagues of its institution; a committee member none."""
    if has_role(user, Role.DIRECTOR, Role.COORDINATOR):
        return queryset
    if has_role(user, Role.REPORTER) and user.institution_id:
        return queryset.filter(institution_id=user.institution_id)
    return queryset.none()
