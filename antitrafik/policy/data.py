"""Policy for the data the unit publishes inside the application: public sources and the data viewer.

Public sources are published documents: every signed-in role reads them; the unit records them.
The data viewer shows accepted figures only. The unit and committee members see the national figures
and each institution's; a reporter sees the national figures and its own institution's.
"""

from .roles import Role, has_role, role_rule

READERS = (Role.DIRECTOR, Role.COORDINATOR, Role.REPORTER, Role.COMMITTEE)

RULES = {
    "source.view": role_rule(*READERS),
    "source.manage": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "source.history": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "data.view": role_rule(*READERS),
    "data.export": role_rule(*READERS),
    # Every institution's own figures (the cross-checks, the breakdown by institution and by region).
    "data.institutions": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.COMMITTEE),
    # The situation report on the home page: plan progress, reporting completeness, headline figures.
    "data.situation": role_rule(Role.DIRECTOR),
}


def scope_public_sources(queryset, user):
    """Public sources are published documents: every signed-in role reads them."""
    if has_role(user, *READERS):
        return queryset
    return queryset.none()


def data_institution_ids(user):
    """The institutions whose own figures this user may see: None for all, else a set of ids."""
    if has_role(user, Role.DIRECTOR, Role.COORDINATOR, Role.COMMITTEE):
        return None
    if has_role(user, Role.REPORTER) and user.institution_id:
        return {user.institution_id}
    return set()
