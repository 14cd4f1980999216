"""Admin for the system administrator (superuser) only; the unit works in the application."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from antitrafik.admin import ReadOnlyMixin

from .choices import SecurityEventKind as Event
from .models import Institution, SecurityEvent, User
from .security import security_event_record


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "region", "coordinator", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(User)
class AppUserAdmin(UserAdmin, SimpleHistoryAdmin):
    """Users, as the superuser changes them; each change is in the security log too (field names only)."""

    list_display = ["username", "email", "role", "institution", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Antitrafik", {"fields": ["role", "institution", "language", "phone"]}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = [name for name in form.changed_data if "password" not in name]
        kind = Event.USER_CHANGED if change else Event.USER_CREATED
        if change and {"role", "institution"} & set(fields):
            kind = Event.ROLE_CHANGED
        security_event_record(kind=kind, request=request, target_user=obj, detail={"fields": fields, "via": "admin"})

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            security_event_record(kind=Event.PASSWORD_CHANGED, request=request,
                                  target_user=User.objects.filter(pk=id).first(), detail={"via": "admin"})
        return response


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The security log, read-only: rows are appended by the application and removed only by the retention purge."""

    list_display = ["at", "kind", "username", "ip_address", "target_user", "target"]
    list_filter = ["kind"]
    date_hierarchy = "at"
    list_select_related = ["target_user"]
    search_fields = ["username", "target"]
