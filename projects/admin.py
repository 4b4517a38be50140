from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnnualPlan,
    AnnualTarget,
    CityStatistic,
    IndustryChain,
    LeaderAssignment,
    Milestone,
    MonthlyReport,
    Project,
    ReportPhoto,
    ResponsibleParty,
    StageChange,
)


class ResponsiblePartyInline(admin.TabularInline):
    model = ResponsibleParty
    extra = 0


class LeaderAssignmentInline(admin.TabularInline):
    model = LeaderAssignment
    extra = 0
    autocomplete_fields = ["leader"]


class AnnualPlanInline(admin.StackedInline):
    model = AnnualPlan
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "reason", "changed_by", "changed_at"]
    can_delete = False


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(IndustryChain)
class IndustryChainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order"]
    search_fields = ["code", "name"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "is_top100",
        "category",
        "stage",
        "district",
        "department",
        "total_investment",
    ]
    list_filter = [
        "level",
        "is_top100",
        "category",
        "stage",
        "district",
        "department",
        "industry_chain",
        "is_benchmark",
        "is_registered",
    ]
    search_fields = ["code", "name", "name_initials", "owner"]
    autocomplete_fields = ["parent", "commissioner"]
    list_select_related = ["district", "department"]
    readonly_fields = ["name_initials", "created_at", "updated_at"]
    inlines = [ResponsiblePartyInline, LeaderAssignmentInline, AnnualPlanInline, MilestoneInline, StageChangeInline]


@admin.register(ResponsibleParty)
class ResponsiblePartyAdmin(SimpleHistoryAdmin):
    list_display = ["project", "role", "organisation", "contact_name", "contact_phone"]
    list_filter = ["role"]
    search_fields = ["project__code", "project__name", "organisation", "contact_name"]
    autocomplete_fields = ["project"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["project", "from_stage", "to_stage", "changed_by", "changed_at"]
    list_filter = ["to_stage"]
    search_fields = ["project__code", "project__name", "reason"]
    autocomplete_fields = ["project"]


@admin.register(LeaderAssignment)
class LeaderAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["project", "leader", "started_on", "ended_on"]
    list_filter = ["leader", ("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["project__code", "project__name", "leader__name"]
    autocomplete_fields = ["project", "leader"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "nature", "planned_investment", "planned_start_month"]
    list_filter = ["year", "nature"]
    search_fields = ["project__code", "project__name"]
    autocomplete_fields = ["project"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["project", "month", "completed_investment", "status", "filed_by", "submitted_at"]
    list_filter = ["status", "month", "project__department", "project__district"]
    search_fields = ["project__code", "project__name", "progress"]
    autocomplete_fields = ["project"]
    list_select_related = ["project", "filed_by"]
    inlines = [ReportPhotoInline]


@admin.register(ReportPhoto)
class ReportPhotoAdmin(admin.ModelAdmin):
    list_display = ["report", "caption", "uploaded_by", "uploaded_at"]
    search_fields = ["report__project__code", "caption"]
    raw_id_fields = ["report"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["project", "kind", "name", "planned_date", "actual_date"]
    list_filter = ["kind", ("actual_date", admin.EmptyFieldListFilter)]
    search_fields = ["project__code", "project__name", "name"]
    autocomplete_fields = ["project"]


@admin.register(CityStatistic)
class CityStatisticAdmin(SimpleHistoryAdmin):
    list_display = ["month", "fixed_asset_investment", "growth_pct"]
    search_fields = ["month"]


@admin.register(AnnualTarget)
class AnnualTargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "metric", "target_value", "unit", "manual_value"]
    list_filter = ["year", "metric"]
    search_fields = ["note"]
