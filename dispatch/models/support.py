"""Factor-support cases (要素保障事项), their three-level escalation, coordination meetings (会商),
site inspections (督导检查) and the green-channel baseline."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dispatch.choices import (
    SETTLED_CASE_STATUSES,
    InspectionFollowUpChoices,
    InspectionRatingChoices,
    SupportCaseActionChoices,
    SupportCaseCategoryChoices,
    SupportCaseLevelChoices,
    SupportCaseSourceChoices,
    SupportCaseStatusChoices,
)
from portfolio.models import Department
from projects.models import Project

DEFAULT_SERVICE_LEVEL_DAYS = 5


class SupportCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases of the projects the user may see; a department also sees the cases it owns
        (a land case of another department's project escalated to natural resources)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        scope = Q(project__in=Project.objects.visible_to(user).values("pk"))
        if user.role == user.Role.DEPARTMENT and user.department_id:
            scope |= Q(owner_department_id=user.department_id)
        return self.filter(scope)

    def unsettled(self):
        return self.exclude(status__in=SETTLED_CASE_STATUSES)

    def overdue(self, now=None):
        return self.unsettled().filter(due_at__lt=now or timezone.now())


class ServiceLevel(models.Model):
    """The promise per category: working days to resolve, and which department takes a case of
    this category when it leaves the district (land -> natural resources, EIA -> ecology...)."""

    category = models.CharField(_("category"), max_length=20, choices=SupportCaseCategoryChoices.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days to resolve"), default=DEFAULT_SERVICE_LEVEL_DAYS, validators=[MinValueValidator(1)]
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_levels",
        help_text=_("Takes cases of this category escalated to department level."),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category"]
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")

    def __str__(self):
        return f"{self.get_category_display()}: {self.working_days}"


class SupportCase(models.Model):
    """A problem a project raised (要素保障事项), escalated district -> department -> city."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="support_cases")
    category = models.CharField(_("category"), max_length=20, choices=SupportCaseCategoryChoices.choices)
    description = models.TextField(_("description"))
    source = models.CharField(
        _("raised by"), max_length=20, choices=SupportCaseSourceChoices.choices, default=SupportCaseSourceChoices.OFFICE
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="raised_cases"
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    owner_department = models.ForeignKey(
        Department, verbose_name=_("owning department"), on_delete=models.PROTECT, related_name="owned_cases"
    )
    level = models.CharField(
        _("level"), max_length=20, choices=SupportCaseLevelChoices.choices, default=SupportCaseLevelChoices.DISTRICT
    )
    # The clock: due_at is the exact moment, due_date its calendar day (the contract field).
    due_at = models.DateTimeField(_("due at"), db_index=True)
    due_date = models.DateField(_("due date"))
    # The first promise, kept when escalation sets a new clock: "resolved within service level".
    sla_due_at = models.DateTimeField(_("service-level due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SupportCaseStatusChoices.choices, default=SupportCaseStatusChoices.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("last escalated at"), null=True, blank=True)
    land_mu = models.DecimalField(
        _("land secured or revitalised (mu)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    meeting = models.ForeignKey(
        "dispatch.CoordinationMeeting",
        verbose_name=_("coordination meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    history = HistoricalRecords()

    objects = SupportCaseQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["level", "status"])]
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")

    def __str__(self):
        return f"#{self.pk} {self.project.code} {self.get_category_display()}"

    def clean(self):
        errors = {}
        if self.land_mu is not None and self.category != SupportCaseCategoryChoices.LAND:
            errors["land_mu"] = _("Only land cases record an area in mu.")
        if self.status in SETTLED_CASE_STATUSES and not self.resolution.strip():
            errors["resolution"] = _("Say how the case was resolved.")
        if self.resolved_on and self.raised_at and self.resolved_on < timezone.localdate(self.raised_at):
            errors["resolved_on"] = _("A case cannot be resolved before it was raised.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_CASE_STATUSES

    def is_overdue(self, now=None) -> bool:
        return not self.is_settled and self.due_at < (now or timezone.now())


def case_attachment_path(instance, filename):
    return f"support/{instance.case_id}/{filename}"


class SupportCaseLogEntry(models.Model):
    """One step of a case: who did what when, the level and status before and after."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="log_entries")
    action = models.CharField(_("action"), max_length=20, choices=SupportCaseActionChoices.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_level = models.CharField(_("from level"), max_length=20, choices=SupportCaseLevelChoices.choices, blank=True)
    to_level = models.CharField(_("to level"), max_length=20, choices=SupportCaseLevelChoices.choices, blank=True)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=SupportCaseStatusChoices.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=SupportCaseStatusChoices.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=case_attachment_path, blank=True)
    notified = models.CharField(_("notified"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case log entry")
        verbose_name_plural = _("case log entries")

    def __str__(self):
        return f"#{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class CoordinationMeeting(models.Model):
    """A coordination meeting (协调会商) that decides city-level cases."""

    date = models.DateField(_("date"))
    title = models.CharField(_("meeting title"), max_length=200)
    level = models.CharField(
        _("level"), max_length=20, choices=SupportCaseLevelChoices.choices, default=SupportCaseLevelChoices.CITY
    )
    chair = models.CharField(_("chair"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class MeetingItem(models.Model):
    """A case on a meeting's agenda and the meeting's decision on it."""

    meeting = models.ForeignKey(CoordinationMeeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="meeting_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    decision = models.TextField(_("decision"), blank=True)
    assignee = models.ForeignKey(
        Department,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_assignments",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    applied_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="one_agenda_item_per_case")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.meeting} / #{self.case_id}"

    def clean(self):
        if self.decision.strip() and (self.assignee_id is None) != (self.deadline is None):
            raise ValidationError({"deadline": _("Give both the assignee department and the deadline, or neither.")})


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every inspection; others those that visited a project they see."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(visits__project__in=Project.objects.visible_to(user).values("pk")).distinct()


class Inspection(models.Model):
    """A supervision visit (督导检查) to one or more project sites."""

    date = models.DateField(_("date"))
    title = models.CharField(_("inspection title"), max_length=200)
    inspectors = models.CharField(_("inspectors"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    follow_up = models.CharField(
        _("follow-up"),
        max_length=20,
        choices=InspectionFollowUpChoices.choices,
        default=InspectionFollowUpChoices.OPEN,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class InspectionVisit(models.Model):
    """A project visited on an inspection, with the inspectors' rating of the site."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="visits")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="inspection_visits")
    rating = models.CharField(_("rating"), max_length=20, choices=InspectionRatingChoices.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["inspection", "project"]
        constraints = [models.UniqueConstraint(fields=["inspection", "project"], name="one_visit_per_project")]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")

    def __str__(self):
        return f"{self.inspection} / {self.project.code}"


class InspectionFinding(models.Model):
    """A problem found on a visit, followed up until closed; it can open a support case."""

    visit = models.ForeignKey(InspectionVisit, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("finding"))
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=SupportCaseCategoryChoices.choices,
        default=SupportCaseCategoryChoices.OTHER,
    )
    follow_up = models.CharField(
        _("follow-up"),
        max_length=20,
        choices=InspectionFollowUpChoices.choices,
        default=InspectionFollowUpChoices.OPEN,
    )
    case = models.OneToOneField(
        SupportCase,
        verbose_name=_("support case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finding",
    )
    notice = models.ForeignKey(
        "dispatch.WarningNotice",
        verbose_name=_("warning notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_findings",
    )

    class Meta:
        ordering = ["visit", "id"]
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")

    def __str__(self):
        return self.description[:40]


def inspection_photo_path(instance, filename):
    return f"inspections/{instance.inspection_id}/{filename}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image = models.ImageField(_("photo"), upload_to=inspection_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self):
        return self.caption or self.image.name


class ApprovalBaseline(models.Model):
    """The office's baseline for the green channel (one row, pk=1): the usual days from a
    project's approval (立项) to its start (开工)."""

    days = models.PositiveIntegerField(
        _("usual days from approval to start"), default=193, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval-speed baseline")
        verbose_name_plural = _("approval-speed baseline")

    def __str__(self):
        return str(self.days)

    @classmethod
    def load(cls) -> "ApprovalBaseline":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj
