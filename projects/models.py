"""The register: projects, their leaders, annual plans, monthly reports and milestones."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.models import Department, District, Leader

from .choices import (
    AnnualPlanNatureChoices,
    AnnualTargetMetricChoices,
    AnnualTargetUnitChoices,
    ConstructionModelChoices,
    MilestoneKindChoices,
    MonthlyReportStatusChoices,
    ProjectCategoryChoices,
    ProjectLevelChoices,
    ProjectStageChoices,
    ResponsiblePartyRoleChoices,
)
from .pinyin import name_initials

MONEY = {"max_digits": 14, "decimal_places": 2}
non_negative = MinValueValidator(Decimal("0"))
month_validator = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Enter a month as YYYY-MM."))


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The single scoping rule: the projects a user may see (DESIGN.md section 2)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        role = user.role
        if role == user.Role.DEPARTMENT:
            return self.filter(department_id=user.department_id) if user.department_id else self.none()
        if role == user.Role.DISTRICT:
            return self.filter(district_id=user.district_id) if user.district_id else self.none()
        if role == user.Role.LEADER and user.leader_id:
            return self.filter(leader_assignments__leader_id=user.leader_id, leader_assignments__ended_on__isnull=True)
        return self.none()

    def overview_for(self, user):
        """The projects a user's overview figures cover. A leader sees the city overview and its
        assigned projects (DESIGN.md section 2): city-wide aggregates, while every per-project
        list still comes from `visible_to`."""
        if user is not None and user.is_authenticated and user.is_active and user.role == user.Role.LEADER:
            return self.all()
        return self.visible_to(user)

    def on_list(self, year: int):
        """Membership of a year's key-project list is having an AnnualPlan for that year."""
        return self.filter(annual_plans__year=year)


class IndustryChain(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")

    def __str__(self):
        return self.name


class Project(models.Model):
    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", _("Use letters, digits and '-' only."))],
    )
    name = models.CharField(_("name"), max_length=200)
    name_initials = models.CharField(_("pinyin initials"), max_length=200, blank=True, editable=False, db_index=True)
    level = models.CharField(_("level"), max_length=20, choices=ProjectLevelChoices.choices)
    is_top100 = models.BooleanField(_("top-100 project"), default=False)
    category = models.CharField(_("category"), max_length=30, choices=ProjectCategoryChoices.choices)
    industry_chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStageChoices.choices)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="projects"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT, related_name="projects"
    )
    owner = models.CharField(_("owner enterprise"), max_length=200, blank=True)
    total_investment = models.DecimalField(_("total investment (10k yuan)"), validators=[non_negative], **MONEY)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual completion"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    construction_model = models.CharField(
        _("construction model"), max_length=20, choices=ConstructionModelChoices.choices, blank=True
    )
    is_benchmark = models.BooleanField(_("benchmark project"), default=False)
    is_registered = models.BooleanField(_("registered in statistics"), default=False)
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    description = models.TextField(_("construction content"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("package project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_projects",
    )
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project commissioner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commissioned_projects",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        # Kept in step with the name however the row is written (forms, API, imports, seeds).
        self.name_initials = name_initials(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Planned completion cannot be before the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("Actual completion cannot be before the actual start.")
        if self.is_registered and not self.registered_on:
            errors["registered_on"] = _("Give the date the project was registered in statistics.")
        if self.registered_on and not self.is_registered:
            self.is_registered = True
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("A project cannot be its own package.")
        if errors:
            raise ValidationError(errors)


class ResponsibleParty(models.Model):
    """The five responsible parties (五方责任主体) of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="responsible_parties")
    role = models.CharField(_("role"), max_length=20, choices=ResponsiblePartyRoleChoices.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role"]
        constraints = [models.UniqueConstraint(fields=["project", "role"], name="unique_party_role_per_project")]
        verbose_name = _("responsible party")
        verbose_name_plural = _("responsible parties")

    def __str__(self):
        return f"{self.get_role_display()}: {self.organisation}"


class StageChange(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from stage"), max_length=20, choices=ProjectStageChoices.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=ProjectStageChoices.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.project_id}: {self.from_stage} -> {self.to_stage}"


class LeaderAssignment(models.Model):
    """A city leader assigned one-on-one to a project (包保). At most one active per project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="leader_assignments")
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="assignments")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(ended_on__isnull=True), name="one_active_leader_per_project"
            ),
        ]
        verbose_name = _("leader assignment")
        verbose_name_plural = _("leader assignments")

    def __str__(self):
        return f"{self.leader} - {self.project}"

    def clean(self):
        if self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date cannot be before the start date.")})


MONTH_PLAN_FIELDS = tuple(f"plan_m{m:02d}" for m in range(1, 13))


class AnnualPlan(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="annual_plans")
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    nature = models.CharField(_("nature"), max_length=20, choices=AnnualPlanNatureChoices.choices)
    planned_investment = models.DecimalField(_("planned investment (10k yuan)"), validators=[non_negative], **MONEY)
    planned_start_month = models.PositiveSmallIntegerField(
        _("planned start month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # The optional monthly plan: twelve figures whose sum is the annual figure, or none at all.
    plan_m01 = models.DecimalField(_("January"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m02 = models.DecimalField(_("February"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m03 = models.DecimalField(_("March"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m04 = models.DecimalField(_("April"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m05 = models.DecimalField(_("May"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m06 = models.DecimalField(_("June"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m07 = models.DecimalField(_("July"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m08 = models.DecimalField(_("August"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m09 = models.DecimalField(_("September"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m10 = models.DecimalField(_("October"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m11 = models.DecimalField(_("November"), null=True, blank=True, validators=[non_negative], **MONEY)
    plan_m12 = models.DecimalField(_("December"), null=True, blank=True, validators=[non_negative], **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "project"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="one_annual_plan_per_project_year")]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")

    def __str__(self):
        return f"{self.project.code} {self.year}"

    @property
    def monthly_plan(self):
        values = [getattr(self, f) for f in MONTH_PLAN_FIELDS]
        return None if all(v is None for v in values) else values

    @monthly_plan.setter
    def monthly_plan(self, values):
        values = values or [None] * 12
        for field, value in zip(MONTH_PLAN_FIELDS, values, strict=True):
            setattr(self, field, value)

    def clean(self):
        errors = {}
        values = [getattr(self, f) for f in MONTH_PLAN_FIELDS]
        given = [v for v in values if v is not None]
        if given and len(given) != 12:
            errors["plan_m01"] = _("Give all twelve monthly figures, or none.")
        elif given and self.planned_investment is not None and sum(given) != self.planned_investment:
            errors["planned_investment"] = _(
                "The twelve monthly figures add up to %(sum)s, not the annual %(annual)s."
            ) % {"sum": sum(given), "annual": self.planned_investment}
        if self.nature == AnnualPlanNatureChoices.NEW and self.planned_start_month is None:
            errors["planned_start_month"] = _("A new start needs its planned start month.")
        if errors:
            raise ValidationError(errors)


class MonthlyReport(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.CharField(_("month"), max_length=7, validators=[month_validator], db_index=True)
    completed_investment = models.DecimalField(
        _("investment completed this month (10k yuan)"), validators=[non_negative], **MONEY
    )
    progress = models.TextField(_("physical progress"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MonthlyReportStatusChoices.choices, default=MonthlyReportStatusChoices.DRAFT
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="filed_reports"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_reports"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "project"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="one_report_per_project_month")]
        indexes = [
            models.Index(fields=["status", "month"]),
            # Covers the figures' aggregates (counted reports of months 1..M summed per project),
            # so they read the index alone: the dashboard at 20,000 projects takes 1.8 s, not 2.9 s.
            models.Index(fields=["month", "status", "project", "completed_investment"], name="report_figures_cover"),
        ]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")

    def __str__(self):
        return f"{self.project.code} {self.month}"


def report_photo_path(instance, filename):
    return f"reports/{instance.report.project.code}/{instance.report.month}/{filename}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=report_photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=report_photo_path, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")

    def __str__(self):
        return self.caption or self.image.name


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKindChoices.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "planned_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.name or self.get_kind_display()

    def clean(self):
        if self.kind == MilestoneKindChoices.CUSTOM and not self.name:
            raise ValidationError({"name": _("A custom milestone needs a name.")})


class CityStatistic(models.Model):
    """City-wide fixed-asset investment, entered by the office, for shares of the whole city."""

    month = models.CharField(_("month"), max_length=7, unique=True, validators=[month_validator])
    fixed_asset_investment = models.DecimalField(
        _("fixed-asset investment, year to date (10k yuan)"), validators=[non_negative], **MONEY
    )
    growth_pct = models.DecimalField(_("growth (%)"), max_digits=7, decimal_places=2, null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("city statistic")
        verbose_name_plural = _("city statistics")

    def __str__(self):
        return self.month


class AnnualTarget(models.Model):
    """A target the office sets for the year (e.g. major projects' completion at least 95%), tracked on
    the dashboard against the data that measures it; `manual_value` is for targets no data in the
    portal measures (yet)."""

    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    metric = models.CharField(_("target"), max_length=40, choices=AnnualTargetMetricChoices.choices)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, validators=[non_negative])
    unit = models.CharField(_("unit"), max_length=20, choices=AnnualTargetUnitChoices.choices)
    manual_value = models.DecimalField(
        _("value reached (entered)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only for targets the portal cannot measure from its own data."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "metric"]
        constraints = [models.UniqueConstraint(fields=["year", "metric"], name="one_target_per_metric_year")]
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets")

    def __str__(self):
        return f"{self.year} {self.get_metric_display()}"
