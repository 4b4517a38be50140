"""Dispatch models: support cases (support.py); alerts, notices and rankings (alerts.py)."""

from .alerts import (
    DEFAULT_RULE_THRESHOLDS,
    FUNDS_RULE_KINDS,
    Alert,
    AlertRule,
    AlertRun,
    Exemption,
    FilingReminder,
    Ranking,
    RankingLog,
    WarningNotice,
)
from .support import (
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

__all__ = [
    "DEFAULT_RULE_THRESHOLDS",
    "FUNDS_RULE_KINDS",
    "Alert",
    "AlertRule",
    "AlertRun",
    "Exemption",
    "FilingReminder",
    "Ranking",
    "RankingLog",
    "WarningNotice",
    "SupportCase",
    "ServiceLevel",
    "SupportCaseLogEntry",
    "CoordinationMeeting",
    "MeetingItem",
    "Inspection",
    "InspectionVisit",
    "InspectionFinding",
    "InspectionPhoto",
    "ApprovalBaseline",
]
