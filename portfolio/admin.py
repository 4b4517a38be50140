from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, District, JobRun, Leader, User


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "sort_order")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "head_name", "sort_order")
    search_fields = ("code", "name", "short_name", "head_name")


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("name", "title")


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "role", "department", "district", "leader", "is_active")
    list_filter = ("role", "is_active", "department", "district")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = UserAdmin.fieldsets + (
        (_("Portal role"), {"fields": ("role", "department", "district", "leader", "phone")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Portal role"), {"fields": ("role", "department", "district", "leader")}),
    )


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "progress", "triggered_by", "created_at", "finished_at")
    list_filter = ("name", "status")
    readonly_fields = [f.name for f in JobRun._meta.fields]
