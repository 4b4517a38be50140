"""Organisation reference data and portal users, shared by every app."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DistrictKindChoices, JobRunStatusChoices, UserRoleChoices

code_validator = RegexValidator(r"^[A-Za-z0-9_-]+$", _("Use letters, digits, '-' or '_' only."))


class District(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DistrictKindChoices.choices, default=DistrictKindChoices.DISTRICT
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    head_name = models.CharField(_("head"), max_length=50, blank=True)
    head_email = models.EmailField(_("head's email"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Leader(models.Model):
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=100)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("city leader")
        verbose_name_plural = _("city leaders")

    def __str__(self):
        return f"{self.name}({self.title})"


class User(AbstractUser):
    """A portal user. The role decides what the user sees and may change (DESIGN.md section 2)."""

    Role = UserRoleChoices

    role = models.CharField(_("role"), max_length=20, choices=UserRoleChoices.choices, default=UserRoleChoices.VIEWER)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    leader = models.OneToOneField(
        Leader, verbose_name=_("city leader"), null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        super().clean()
        required = {
            UserRoleChoices.DEPARTMENT: ("department", _("A department user needs a department.")),
            UserRoleChoices.DISTRICT: ("district", _("A district user needs a district.")),
            UserRoleChoices.LEADER: ("leader", _("A leader user needs a city leader.")),
        }
        if self.role in required:
            field, message = required[self.role]
            if getattr(self, f"{field}_id") is None:
                raise ValidationError({field: message})

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role in (
            UserRoleChoices.ADMIN,
            UserRoleChoices.OFFICE,
            UserRoleChoices.VIEWER,
        )

    @property
    def is_office(self) -> bool:
        """Office staff and administrators: may change everything in the portal."""
        return self.is_superuser or self.role in (UserRoleChoices.ADMIN, UserRoleChoices.OFFICE)

    @property
    def is_filer(self) -> bool:
        """Department and district staff: file reports for the projects in their scope."""
        return self.role in (UserRoleChoices.DEPARTMENT, UserRoleChoices.DISTRICT)

    @property
    def is_read_only(self) -> bool:
        return not self.is_superuser and self.role == UserRoleChoices.VIEWER


class JobRun(models.Model):
    """One run of a background job (alerts, rankings, reminders...): who started it, its
    progress for the page that watches it, and what it did."""

    name = models.CharField(_("job"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=JobRunStatusChoices.choices, default=JobRunStatusChoices.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    triggered_by = models.ForeignKey(
        User, verbose_name=_("started by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="job_runs"
    )
    celery_task_id = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self):
        return f"{self.name} #{self.pk} {self.status}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
