"""Dispatch writes: alerts, rankings, warning notices, exemptions, rules and filing reminders."""

from .alerts import JobResult, alerts_compute, alerts_judge, month_end
from .notices import (
    NOTICE_REPLY_WORKING_DAYS,
    add_working_days,
    alert_rule_update,
    exemption_create,
    exemption_update,
    warning_notice_close,
    warning_notice_issue,
    warning_notice_reissue,
    warning_notice_reply,
    warning_notices_issue_for_alerts,
)
from .rankings import RankingFrozen, assign_ranks, ranking_rows, rankings_compute, rankings_publish
from .reminders import filing_escalation_send, filing_reminders_send, projects_missing_reports

__all__ = [
    "NOTICE_REPLY_WORKING_DAYS",
    "JobResult",
    "RankingFrozen",
    "add_working_days",
    "alert_rule_update",
    "alerts_compute",
    "alerts_judge",
    "assign_ranks",
    "exemption_create",
    "exemption_update",
    "filing_escalation_send",
    "filing_reminders_send",
    "month_end",
    "projects_missing_reports",
    "ranking_rows",
    "rankings_compute",
    "rankings_publish",
    "warning_notice_close",
    "warning_notice_issue",
    "warning_notice_reissue",
    "warning_notice_reply",
    "warning_notices_issue_for_alerts",
]
