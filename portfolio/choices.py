from django.db import models
from django.utils.translation import gettext_lazy as _


class UserRoleChoices(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICE = "office", _("Project office")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    LEADER = "leader", _("City leader")
    VIEWER = "viewer", _("Viewer")


class DistrictKindChoices(models.TextChoices):
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    PARK = "park", _("Park")


class JobRunStatusChoices(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
