from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Allocation, BondLoanCombination, CreditLine, Disbursement, FundApplication, MatchmakingEvent


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["project", "kind", "year", "document_no", "amount", "received_on", "batch"]
    list_filter = ["kind", "year"]
    search_fields = ["project__code", "project__name", "document_no", "batch"]
    raw_id_fields = ["project"]
    inlines = [DisbursementInline]


@admin.register(Disbursement)
class DisbursementAdmin(SimpleHistoryAdmin):
    list_display = ["allocation", "amount", "paid_on"]
    raw_id_fields = ["allocation"]


@admin.register(BondLoanCombination)
class BondLoanCombinationAdmin(SimpleHistoryAdmin):
    list_display = ["bond", "leveraged", "amount"]
    raw_id_fields = ["bond", "leveraged"]


class CreditLineInline(admin.TabularInline):
    model = CreditLine
    extra = 0
    raw_id_fields = ["project"]


@admin.register(MatchmakingEvent)
class MatchmakingEventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "date", "place"]
    inlines = [CreditLineInline]


@admin.register(CreditLine)
class CreditLineAdmin(SimpleHistoryAdmin):
    list_display = ["bank", "project", "enterprise", "amount", "event", "granted_on"]
    raw_id_fields = ["project"]


@admin.register(FundApplication)
class FundApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["project", "programme", "amount_requested", "status", "allocation"]
    list_filter = ["status"]
    raw_id_fields = ["project", "allocation"]
