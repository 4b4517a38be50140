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
from .support import SupportCase

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
    "SupportCase",
    "WarningNotice",
]
