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
