"""Policy for the public site: what the unit publishes (the director decides) and who follows it.

The public pages themselves need no permission: they show only what is published, to anyone.
"""

from .roles import Role, has_role, role_rule

RULES = {
    "publication.list": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "publication.publish": role_rule(Role.DIRECTOR),
    "publication.withdraw": role_rule(Role.DIRECTOR),
}


def scope_publications(queryset, user):
    """The unit sees every publication, current or not; nobody else any (the public sees the public site)."""
    if has_role(user, Role.DIRECTOR, Role.COORDINATOR):
        return queryset
    return queryset.none()
