"""Admin for alerts, rules, exemptions, notices and rankings."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dispatch.models import Alert, AlertRule, AlertRun, Exemption, FilingReminder, Ranking, RankingLog, WarningNotice


@admin.register(AlertRule)
class AlertRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "enabled", "thresholds", "updated_at"]


@admin.register(Exemption)
class ExemptionAdmin(SimpleHistoryAdmin):
    list_display = ["project", "rule", "valid_from", "valid_until", "granted_by"]
    list_filter = ["rule"]
    search_fields = ["project__code", "project__name", "reason"]
    raw_id_fields = ["project"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["project", "month", "level", "computed_at"]
    list_filter = ["level", "month"]
    search_fields = ["project__code", "project__name"]
    raw_id_fields = ["project"]


@admin.register(AlertRun)
class AlertRunAdmin(admin.ModelAdmin):
    list_display = ["month", "started_at", "finished_at", "triggered_by", "red_count", "yellow_count", "green_count"]


@admin.register(WarningNotice)
class WarningNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "project", "department", "issued_at", "deadline", "status"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["number", "project__code", "project__name"]
    raw_id_fields = ["project", "alert", "reissued_from"]


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    list_display = ["month", "dimension", "rank", "name", "completion_pct", "previous_rank", "published"]
    list_filter = ["dimension", "published", "month"]


admin.site.register(RankingLog)
admin.site.register(FilingReminder)
