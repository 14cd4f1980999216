"""Role helpers used by the rules."""

from institutions.choices import Role

ANONYMOUS = "anonymous"
UNIT = (Role.DIRECTOR, Role.COORDINATOR)


def has_role(user, *roles):
    return getattr(user, "is_authenticated", False) and user.is_active and user.role in roles


def role_rule(*roles):
    """A rule granted to these roles, whatever the object."""
    return lambda user, obj=None: has_role(user, *roles)


def signed_in(user, obj=None):
    return getattr(user, "is_authenticated", False) and user.is_active
