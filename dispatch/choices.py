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
