"""Filters of the institution and user lists (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antitrafik.widgets import use_quick_selects

from .choices import InstitutionKind, Region, Role, SecurityEventKind
from .models import Institution, SecurityEvent, User
from .selectors import coordinators

ACTIVE_CHOICES = [("true", _("Active")), ("false", _("Inactive"))]


class _SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over `search_fields` (case-insensitive)."""

    search_fields = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_quick_selects(self)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


def _active_filter():
    return django_filters.ChoiceFilter(
        field_name="is_active", label=_("Status"), choices=ACTIVE_CHOICES, empty_label=_("All"),
        method=lambda queryset, name, value: queryset.filter(**{name: value == "true"}),
    )


class InstitutionFilter(_SearchFilterSet):
    search_fields = ("code", "name", "name_en")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InstitutionKind.choices, empty_label=_("All"))
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("All"))
    coordinator = django_filters.ModelChoiceFilter(
        label=_("Coordinator"), queryset=coordinators(), empty_label=_("All"), null_label=_("Without a coordinator"),
    )
    is_active = _active_filter()
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"), empty_label=_("Default order"),
        fields=(("code", "code"), ("name", "name"), ("kind", "kind"), ("region", "region"),
                ("coordinator__last_name", "coordinator"), ("user_count", "users")),
        field_labels={"code": _("Code"), "name": _("Name"), "kind": _("Kind"), "region": _("Region"),
                      "coordinator__last_name": _("Coordinator"), "user_count": _("Number of users")},
    )

    class Meta:
        model = Institution
        fields = ["q", "kind", "region", "coordinator", "is_active"]


class UserFilter(_SearchFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")

    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All"))
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"), queryset=Institution.objects.order_by("code"), empty_label=_("All"),
    )
    is_active = _active_filter()
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"), empty_label=_("Default order"),
        fields=(("username", "username"), ("last_name", "name"), ("role", "role"),
                ("institution__code", "institution"), ("last_login", "last_login")),
        field_labels={"username": _("Username"), "last_name": _("Name"), "role": _("Role"),
                      "institution__code": _("Institution"), "last_login": _("Last sign-in")},
    )

    class Meta:
        model = User
        fields = ["q", "role", "institution", "is_active"]


class SecurityEventFilter(django_filters.FilterSet):
    """The security log's filters: the kind of event, a user (who acted or whom it concerns), dates, an address."""

    kind = django_filters.ChoiceFilter(label=_("Event"), choices=SecurityEventKind.choices, empty_label=_("All"))
    user = django_filters.ModelChoiceFilter(
        label=_("User"), queryset=User.objects.order_by("username"), empty_label=_("All"), method="by_user",
    )
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    ip_address = django_filters.CharFilter(label=_("IP address"), method="by_address", max_length=45,
                                           help_text=_("The address or its beginning, e.g. 10.0."))

    class Meta:
        model = SecurityEvent
        fields = ["kind", "user", "since", "until", "ip_address"]

    def by_user(self, queryset, name, value):
        return queryset.filter(Q(user=value) | Q(target_user=value))

    def by_address(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(ip_address__startswith=value) if value else queryset
