"""Django admin for support cases, meetings, inspections and the office's support settings."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ApprovalBaseline,
    CoordinationMeeting,
    Inspection,
    InspectionFinding,
    InspectionPhoto,
    InspectionVisit,
    MeetingItem,
    ServiceLevel,
    SupportCase,
    SupportCaseLogEntry,
)


class SupportCaseLogEntryInline(admin.TabularInline):
    model = SupportCaseLogEntry
    extra = 0
    fields = ("at", "action", "actor", "from_level", "to_level", "from_status", "to_status", "note", "attachment")
    readonly_fields = fields
    can_delete = False


@admin.register(SupportCase)
class SupportCaseAdmin(SimpleHistoryAdmin):
    list_display = ("id", "project", "category", "level", "owner_department", "status", "due_at", "resolved_on")
    list_filter = ("category", "level", "status", "source")
    search_fields = ("project__code", "project__name", "description")
    raw_id_fields = ("project", "raised_by", "meeting")
    inlines = [SupportCaseLogEntryInline]


@admin.register(ServiceLevel)
class ServiceLevelAdmin(SimpleHistoryAdmin):
    list_display = ("category", "working_days", "department", "updated_at")


class MeetingItemInline(admin.TabularInline):
    model = MeetingItem
    extra = 0
    raw_id_fields = ("case",)


@admin.register(CoordinationMeeting)
class CoordinationMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "level", "chair")
    inlines = [MeetingItemInline]


class InspectionVisitInline(admin.TabularInline):
    model = InspectionVisit
    extra = 0
    raw_id_fields = ("project",)


class InspectionPhotoInline(admin.TabularInline):
    model = InspectionPhoto
    extra = 0
    raw_id_fields = ("project",)


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "inspectors", "follow_up")
    list_filter = ("follow_up",)
    inlines = [InspectionVisitInline, InspectionPhotoInline]


@admin.register(InspectionFinding)
class InspectionFindingAdmin(admin.ModelAdmin):
    list_display = ("visit", "category", "follow_up", "case")
    list_filter = ("category", "follow_up")
    raw_id_fields = ("visit", "case")


admin.site.register(ApprovalBaseline, SimpleHistoryAdmin)
