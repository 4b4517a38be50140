"""Dispatch models: support cases (support.py); alerts, notices and rankings (alerts.py)."""

from .support import (
    ApprovalBaseline,
    CoordinationMeeting,
    Inspection,
    InspectionFinding,
    InspectionPhoto,
    InspectionVisit,
    LandTarget,
    MeetingItem,
    ServiceLevel,
    SupportCase,
    SupportCaseLogEntry,
)

__all__ = [
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
    "LandTarget",
]
