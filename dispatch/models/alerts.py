"""Red/yellow/green alerts and their rules, exemptions, warning notices and rankings (赛马)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dispatch.choices import (
    AlertLevelChoices,
    AlertRuleCodeChoices,
    RankingDimensionChoices,
    RankingLogActionChoices,
    WarningNoticeKindChoices,
    WarningNoticeStatusChoices,
)
from portfolio.models import Department, JobRun
from projects.models import MONEY, Project, month_validator

# The published defaults (DESIGN.md section 5). The data migration seeds AlertRule rows from
# these; the engine falls back to them for any key an edited rule lacks.
DEFAULT_RULE_THRESHOLDS = {
    AlertRuleCodeChoices.START: {"yellow_from_months": 1, "red_from_months": 3},
    AlertRuleCodeChoices.PROGRESS: {"yellow_lag_pts": 10, "red_lag_pts": 30},
    AlertRuleCodeChoices.FUNDS: {"days_after_receipt": 90, "required_rate_pct": 90},
    AlertRuleCodeChoices.REGISTRATION: {"yellow_from_months": 1, "red_above_months": 2},
    AlertRuleCodeChoices.REPORTING: {},
    AlertRuleCodeChoices.MILESTONE: {"red_above_days": 90},
    AlertRuleCodeChoices.SUPPORT: {},
}
FUNDS_RULE_KINDS = ("central_budget", "treasury_bond", "special_bond")


class AlertRule(models.Model):
    """One of the seven rules: switchable, thresholds editable by the office, with history."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=AlertRuleCodeChoices.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    thresholds = models.JSONField(_("thresholds"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")

    def __str__(self):
        return self.get_code_display()

    def clean(self):
        defaults = DEFAULT_RULE_THRESHOLDS.get(self.code, {})
        errors = []
        for key, value in (self.thresholds or {}).items():
            if key not in defaults:
                errors.append(_("Unknown threshold %(key)s.") % {"key": key})
            elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                errors.append(_("Threshold %(key)s must be a number of zero or more.") % {"key": key})
        if errors:
            raise ValidationError({"thresholds": errors})

    @property
    def effective_thresholds(self) -> dict:
        return {**DEFAULT_RULE_THRESHOLDS.get(self.code, {}), **(self.thresholds or {})}


class ExemptionQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day), valid_until__gte=day)


class Exemption(models.Model):
    """A justified reason (正当理由) that suppresses one rule for one project until a date."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="alert_exemptions"
    )
    rule = models.CharField(_("rule"), max_length=20, choices=AlertRuleCodeChoices.choices)
    reason = models.TextField(_("reason"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="granted_exemptions",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_until", "-id"]
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")

    def __str__(self):
        return f"{self.project.code} {self.rule} -> {self.valid_until}"

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date cannot be before the start date.")})
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the exemption.")})


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class Alert(models.Model):
    """A project's level for one month. The rows of all months are the project's level history."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="alerts")
    month = models.CharField(_("month"), max_length=7, validators=[month_validator], db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=AlertLevelChoices.choices)
    # [{"rule": code, "level": "yellow"|"red", "message": str, "figures": {...}}, ...]
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "project"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="one_alert_per_project_month")]
        indexes = [models.Index(fields=["month", "level"])]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self):
        return f"{self.project_id} {self.month} {self.level}"


class AlertRun(models.Model):
    """The run log of the alert engine: when, by whom (or the schedule), how many of each colour."""

    month = models.CharField(_("month"), max_length=7, validators=[month_validator])
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    job_run = models.ForeignKey(JobRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="alert_runs")
    project_count = models.PositiveIntegerField(_("projects"), default=0)
    green_count = models.PositiveIntegerField(_("green"), default=0)
    yellow_count = models.PositiveIntegerField(_("yellow"), default=0)
    red_count = models.PositiveIntegerField(_("red"), default=0)
    removed_count = models.PositiveIntegerField(_("removed"), default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("alert run")
        verbose_name_plural = _("alert runs")

    def __str__(self):
        return f"{self.month} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class WarningNoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class WarningNotice(models.Model):
    """A warning notice (两函一单) to a project's responsible department, answered with a
    rectification plan by a deadline."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="warning_notices"
    )
    alert = models.ForeignKey(
        Alert, verbose_name=_("alert"), null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=WarningNoticeKindChoices.choices,
        default=WarningNoticeKindChoices.SUPERVISION,
    )
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=40, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="warning_notices"
    )
    month = models.CharField(_("alert month"), max_length=7, blank=True, validators=[month_validator])
    reasons = models.TextField(_("reasons"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issued_notices",
    )
    deadline = models.DateField(_("reply deadline"))
    reply = models.TextField(_("rectification reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replied_notices",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WarningNoticeStatusChoices.choices,
        default=WarningNoticeStatusChoices.ISSUED,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closed_notices",
    )
    reissued_from = models.ForeignKey(
        "self",
        verbose_name=_("re-issue of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reissues",
    )
    history = HistoricalRecords()

    objects = WarningNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="one_notice_number_per_kind_year"),
        ]
        verbose_name = _("warning notice")
        verbose_name_plural = _("warning notices")

    def __str__(self):
        return self.number

    @property
    def title(self) -> str:
        from dispatch.choices import NOTICE_TITLE

        return NOTICE_TITLE[self.kind]

    @property
    def month_cn(self) -> str:
        """The alert month as official documents write it, e.g. 2026年6月."""
        if not self.month:
            return ""
        year, number = self.month.split("-")
        return f"{year}年{int(number)}月"

    def is_overdue(self, today=None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.status == WarningNoticeStatusChoices.ISSUED and self.deadline < today


class RankingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self if user.is_office else self.filter(published=True)


class Ranking(models.Model):
    """One entity's row in a month's ranking of a dimension. Stored so that a published
    ranking does not move silently."""

    month = models.CharField(_("month"), max_length=7, validators=[month_validator])
    dimension = models.CharField(_("dimension"), max_length=20, choices=RankingDimensionChoices.choices)
    entity = models.CharField(_("entity"), max_length=30, help_text=_("district or department code, leader id"))
    name = models.CharField(_("name"), max_length=150)
    project_count = models.PositiveIntegerField(_("projects"), default=0)
    annual_plan = models.DecimalField(_("annual plan (10k yuan)"), **MONEY)
    completed = models.DecimalField(_("completed (10k yuan)"), **MONEY)
    completion_pct = models.DecimalField(_("completion (%)"), max_digits=12, decimal_places=6)
    lead_pts = models.DecimalField(_("points ahead of time"), max_digits=12, decimal_places=6)
    new_count = models.PositiveIntegerField(_("new starts planned"), default=0)
    started_count = models.PositiveIntegerField(_("new starts started"), default=0)
    start_rate_pct = models.DecimalField(_("start rate (%)"), max_digits=9, decimal_places=4, null=True, blank=True)
    red_count = models.PositiveIntegerField(_("red"), default=0)
    yellow_count = models.PositiveIntegerField(_("yellow"), default=0)
    timely_rate_pct = models.DecimalField(
        _("timely filing rate (%)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"))
    previous_rank = models.PositiveIntegerField(_("previous rank"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"))

    objects = RankingQuerySet.as_manager()

    class Meta:
        ordering = ["month", "dimension", "rank", "entity"]
        constraints = [
            models.UniqueConstraint(fields=["month", "dimension", "entity"], name="one_ranking_row_per_entity"),
        ]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")

    def __str__(self):
        return f"{self.month} {self.dimension} {self.rank}. {self.name}"

    @property
    def movement(self):
        """Places gained since the previous month (positive: moved up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class RankingLog(models.Model):
    """Computations, publications and republications of a month's rankings, with reasons."""

    month = models.CharField(_("month"), max_length=7, validators=[month_validator])
    action = models.CharField(_("action"), max_length=20, choices=RankingLogActionChoices.choices)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("ranking log entry")
        verbose_name_plural = _("ranking log")

    def __str__(self):
        return f"{self.month} {self.action}"


class FilingReminder(models.Model):
    """A filing reminder or escalation sent for a month; recorded so each goes out once."""

    month = models.CharField(_("month"), max_length=7, validators=[month_validator])
    round = models.CharField(_("round"), max_length=20)
    email = models.EmailField(_("email"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)
    project_count = models.PositiveIntegerField(_("projects missing"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["month", "round", "email"], name="one_filing_reminder_per_round"),
        ]
        verbose_name = _("filing reminder")
        verbose_name_plural = _("filing reminders")

    def __str__(self):
        return f"{self.month} {self.round} {self.email}"
