"""Reads of the institutions app that need shaping: lists, detail pages and the home page of each role."""

from django.db.models import Count, Prefetch, Q
from django.utils.text import capfirst

from .choices import InstitutionKind, Role
from .models import Institution, InstitutionAlias, SecurityEvent, User


def institution_list(*, user):
    """The institutions `user` may see, with their coordinator and their number of active users."""
    return (
        Institution.objects.for_user(user)
        .select_related("coordinator")
        .annotate(user_count=Count("users", filter=Q(users__is_active=True)))
        .order_by("code")  # Meta.ordering does not apply to aggregating queries
    )


def institution_detail_users(*, institution, user):
    """The people of `institution` that `user` may see, with the active ones first."""
    return User.objects.for_user(user).filter(institution=institution).order_by("-is_active", "last_name", "username")


def institution_references(institution):
    """What refers to `institution`: [(label, count)] of every non-empty kind of record (users, activities, …).
    Its other names (InstitutionAlias) are part of it, not references: they go with it."""
    relations = [r for r in Institution._meta.related_objects
                 if r.get_accessor_name() and r.related_model is not InstitutionAlias]
    models = [r.related_model for r in relations]
    references = []
    for relation in relations:
        count = getattr(institution, relation.get_accessor_name()).count()
        if count:
            label = capfirst(relation.related_model._meta.verbose_name_plural)
            if models.count(relation.related_model) > 1:  # e.g. activities it leads, activities it partners in
                label = f"{label} ({relation.field.verbose_name})"
            references.append((label, count))
    return references


def user_list(*, user):
    """The users `user` may see, with their institution."""
    return User.objects.for_user(user).select_related("institution").order_by("username")


def security_event_list():
    """The security log, newest first, with the users it names (one query per page)."""
    return SecurityEvent.objects.select_related("user", "target_user").order_by("-at", "-pk")


def portfolio_of(person):
    """The institutions of a coordinator's portfolio; None for anyone who is not a coordinator."""
    return person.portfolio.order_by("code") if person.role == Role.COORDINATOR else None


def coordinators():
    """The unit's active coordinators, for choice fields and filters."""
    return User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("last_name", "first_name", "username")


def director_overview():
    """The director's home page: institutions by kind and by coordinator, users by role (4 queries)."""
    active = Q(is_active=True)
    institutions = Institution.objects.aggregate(
        total=Count("pk", filter=active),
        inactive=Count("pk", filter=~active),
        without_coordinator=Count("pk", filter=active & Q(coordinator__isnull=True) & ~Q(kind=InstitutionKind.UNIT)),
    )
    kinds = dict(Institution.objects.filter(active).values_list("kind").annotate(n=Count("pk")).order_by())
    roles = {row["role"]: row for row in User.objects.values("role").annotate(
        active=Count("pk", filter=active), total=Count("pk")).order_by()}
    by_coordinator = list(
        User.objects.filter(role=Role.COORDINATOR)
        .annotate(institution_count=Count("portfolio", filter=Q(portfolio__is_active=True)))
        .order_by("-is_active", "last_name", "username")
    )
    return {
        "institution_total": institutions["total"],
        "inactive_institutions": institutions["inactive"],
        "without_coordinator": institutions["without_coordinator"],
        "by_kind": [(kind, label, kinds[kind]) for kind, label in InstitutionKind.choices if kinds.get(kind)],
        "by_coordinator": by_coordinator,
        "by_role": [(role, label, roles.get(role, {}).get("active", 0)) for role, label in Role.choices],
        "inactive_users": sum(row["total"] - row["active"] for row in roles.values()),
    }


def coordinator_portfolio(user):
    """A coordinator's home page: the active institutions of their portfolio with their active reporters."""
    reporters = User.objects.filter(role=Role.REPORTER, is_active=True).order_by("last_name", "username")
    return (
        Institution.objects.active()
        .filter(coordinator=user)
        .prefetch_related(Prefetch("users", queryset=reporters, to_attr="reporters"))
        .order_by("code")
    )


def reporter_home(user):
    """A reporter's home page: their institution (with its coordinator) and their active colleagues."""
    institution = Institution.objects.select_related("coordinator").filter(pk=user.institution_id).first()
    colleagues = (
        User.objects.filter(institution_id=user.institution_id, is_active=True)
        .exclude(pk=user.pk)
        .order_by("last_name", "username")
    )
    return {"institution": institution, "colleagues": colleagues}
