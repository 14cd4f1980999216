"""The access policy: what each role may see and do. Every view goes through it.

Two questions, answered here and nowhere else:

* ``can(user, permission, obj=None)``: may this user do this (to this object)?
  Permissions are named ``<area>.<action>`` and listed in the ``RULES`` of the
  submodules of this package, one per domain.
* ``scope_<model>(queryset, user)``: which rows may this user see? Models that hold
  scoped data expose it as ``Model.objects.for_user(user)``. Views fetch objects
  through it, so an object out of scope answers 404, exactly like one that does
  not exist.
"""

from django.core.exceptions import PermissionDenied

from . import committee, data, institutions, public, reports, secretariat, strategy
from .committee import scope_committee_reports  # noqa: F401
from .data import data_institution_ids, scope_public_sources  # noqa: F401
from .institutions import scope_institutions, scope_users  # noqa: F401
from .public import scope_publications  # noqa: F401
from .reports import scope_portfolio, scope_quarterly_reports, scope_reviewed_reports  # noqa: F401
from .strategy import scope_activities  # noqa: F401

RULES = {}
for _module in (institutions, strategy, reports, committee, data, secretariat, public):
    _overlap = RULES.keys() & _module.RULES.keys()
    assert not _overlap, f"permission defined twice: {_overlap}"
    RULES.update(_module.RULES)


def can(user, permission, obj=None):
    """True when `user` may do `permission` (to `obj`, if given)."""
    try:
        rule = RULES[permission]
    except KeyError:
        raise LookupError(f"Unknown permission {permission!r}: add it to antitrafik.policy") from None
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(rule(user, obj))


def require(user, permission, obj=None):
    """Raise PermissionDenied (403) unless `user` may do `permission`."""
    if not can(user, permission, obj):
        raise PermissionDenied


class PolicyMixin:
    """View mixin: signed-in users only, and `permission` must be granted by the policy.

    Anonymous users are sent to the login page; signed-in users without the
    permission get 403. Object-level scope is applied by `get_queryset()`,
    which views build from ``Model.objects.for_user(request.user)``.
    """

    permission = None
    # A page whose HTML depends only on the data, the user, the address, the language and the day (or the
    # minute: `keep_resolution = kept_pages.MINUTE`) is kept while they do not change (antitrafik.kept_pages),
    # after the permission was asked.
    keep_page = False
    keep_resolution = "day"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if self.permission is None:
            raise ImproperlyConfiguredPermission(type(self).__name__)
        require(request.user, self.permission)
        if self.keep_page:
            from antitrafik.kept_pages import kept_response

            name = f"{type(self).__module__}.{type(self).__qualname__}"
            return kept_response(request, name, lambda: super(PolicyMixin, self).dispatch(request, *args, **kwargs),
                                 resolution=self.keep_resolution)
        return super().dispatch(request, *args, **kwargs)


class ImproperlyConfiguredPermission(Exception):
    """A view that uses PolicyMixin must name its permission."""
