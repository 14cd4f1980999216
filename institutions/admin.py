"""Admin for the system administrator (superuser) only; the unit works in the application."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Institution, User


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "region", "coordinator", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(User)
class AppUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "role", "institution", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Antitrafik", {"fields": ["role", "institution", "language", "phone"]}),)
