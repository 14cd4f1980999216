"""Building blocks of the admin shared by the apps: read-only admins for models with a workflow.

The admin is the system administrator's tool; models whose changes go through services (with their
workflow, locks and audit) are shown there, never written.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyMixin:
    """No add, change or delete: the admin only shows."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """The history pages of SimpleHistoryAdmin, without its "revert": a POST to a past version would save it.

    simple_history checks only the view permission before saving a reverted version, so the
    read-only permissions above do not stop it; this does.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False
