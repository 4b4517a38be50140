from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportCaseCategoryChoices(models.TextChoices):
    LAND = "land", _("Land")
    PLANNING = "planning", _("Planning")
    EIA = "eia", _("Environmental assessment")
    ENERGY = "energy", _("Energy quota")
    APPROVAL = "approval", _("Approval")
    FINANCING = "financing", _("Financing")
    LABOUR = "labour", _("Labour")
    DEMOLITION = "demolition", _("Demolition")
    OTHER = "other", _("Other")


class SupportCaseLevelChoices(models.TextChoices):
    DISTRICT = "district", _("District")
    DEPARTMENT = "department", _("Department")
    CITY = "city", _("City")


class SupportCaseStatusChoices(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


SETTLED_CASE_STATUSES = (SupportCaseStatusChoices.RESOLVED, SupportCaseStatusChoices.CLOSED)


class SupportCaseSourceChoices(models.TextChoices):
    DEPARTMENT = "department", _("Responsible department")
    DISTRICT = "district", _("District")
    OFFICE = "office", _("Project office")
    INSPECTION = "inspection", _("Inspection finding")


class SupportCaseActionChoices(models.TextChoices):
    RAISE = "raise", _("Raised")
    TAKE = "take", _("Taken up")
    ESCALATE = "escalate", _("Escalated")
    AUTO_ESCALATE = "auto_escalate", _("Escalated automatically")
    RESOLVE = "resolve", _("Resolved")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")
    REASSIGN = "reassign", _("Reassigned")
    COMMENT = "comment", _("Comment")


# The three levels in escalation order; a case past its due moves to the next one.
NEXT_CASE_LEVEL = {
    SupportCaseLevelChoices.DISTRICT: SupportCaseLevelChoices.DEPARTMENT,
    SupportCaseLevelChoices.DEPARTMENT: SupportCaseLevelChoices.CITY,
}


class InspectionRatingChoices(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class InspectionFollowUpChoices(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being followed up")
    CLOSED = "closed", _("Closed")


# --- Alerts, notices and rankings -------------------------------------------------------------


class AlertLevelChoices(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


LEVEL_ORDER = {AlertLevelChoices.GREEN: 0, AlertLevelChoices.YELLOW: 1, AlertLevelChoices.RED: 2}


class AlertRuleCodeChoices(models.TextChoices):
    """The seven rule codes of DESIGN.md section 5; fixed, other programs rely on them."""

    START = "start", _("Start of construction")
    PROGRESS = "progress", _("Investment progress")
    FUNDS = "funds", _("Payment of higher-level funds")
    REGISTRATION = "registration", _("Statistics registration")
    REPORTING = "reporting", _("Monthly reporting")
    MILESTONE = "milestone", _("Milestones")
    SUPPORT = "support", _("Support cases")


class WarningNoticeKindChoices(models.TextChoices):
    REMINDER = "reminder", _("Reminder letter")
    SUPERVISION = "supervision", _("Supervision letter")
    ASSIGNMENT = "assignment", _("Assignment letter")


# Official short names used in notice numbers, e.g. 督办〔2026〕第12号.
NOTICE_NUMBER_PREFIX = {
    WarningNoticeKindChoices.REMINDER: "提醒",
    WarningNoticeKindChoices.SUPERVISION: "督办",
    WarningNoticeKindChoices.ASSIGNMENT: "交办",
}
NOTICE_TITLE = {
    WarningNoticeKindChoices.REMINDER: "提醒函",
    WarningNoticeKindChoices.SUPERVISION: "督办函",
    WarningNoticeKindChoices.ASSIGNMENT: "交办函",
}


class WarningNoticeStatusChoices(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class RankingDimensionChoices(models.TextChoices):
    DISTRICT = "district", _("District")
    DEPARTMENT = "department", _("Department")
    LEADER = "leader", _("City leader")


class RankingLogActionChoices(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    PUBLISHED = "published", _("Published")
    REPUBLISHED = "republished", _("Republished")
