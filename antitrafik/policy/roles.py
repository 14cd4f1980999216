"""The roles of the application and the helpers the rules use.

The roles are the access policy's vocabulary, so they are defined here, at the bottom of the project;
`institutions.choices.Role` (the choices of the user's role field) is this class.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    COORDINATOR = "coordinator", _("Coordinator")
    REPORTER = "reporter", _("Reporter")
    COMMITTEE = "committee", _("Committee member")


UNIT = (Role.DIRECTOR, Role.COORDINATOR)


def has_role(user, *roles):
    return getattr(user, "is_authenticated", False) and user.is_active and user.role in roles


def role_rule(*roles):
    """A rule granted to these roles, whatever the object."""
    return lambda user, obj=None: has_role(user, *roles)


def signed_in(user, obj=None):
    return getattr(user, "is_authenticated", False) and user.is_active


def unit_all_reporter_own(queryset, user, institution_field):
    """The unit (director, coordinators) sees every row; a reporter the rows of its own institution (named on the
    row by `institution_field`); anybody else none."""
    if has_role(user, *UNIT):
        return queryset
    if has_role(user, Role.REPORTER) and user.institution_id:
        return queryset.filter(**{institution_field: user.institution_id})
    return queryset.none()


def director_all_coordinator_own(queryset, user, coordinator_field):
    """The director sees every row; a coordinator the rows of its portfolio (`coordinator_field` names the
    institution's coordinator on the row); anybody else none."""
    if has_role(user, Role.DIRECTOR):
        return queryset
    if has_role(user, Role.COORDINATOR):
        return queryset.filter(**{coordinator_field: user})
    return queryset.none()
