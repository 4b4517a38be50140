"""Factor-support cases (要素保障事项) and their three-level escalation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dispatch.choices import SupportCaseCategoryChoices, SupportCaseLevelChoices, SupportCaseStatusChoices
from portfolio.models import Department
from projects.models import Project


class SupportCase(models.Model):
    """A problem a project raised (要素保障事项), escalated district -> department -> city."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="support_cases")
    category = models.CharField(_("category"), max_length=20, choices=SupportCaseCategoryChoices.choices)
    description = models.TextField(_("description"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="raised_cases"
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    owner_department = models.ForeignKey(
        Department, verbose_name=_("owning department"), on_delete=models.PROTECT, related_name="owned_cases"
    )
    level = models.CharField(
        _("level"), max_length=20, choices=SupportCaseLevelChoices.choices, default=SupportCaseLevelChoices.DISTRICT
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=SupportCaseStatusChoices.choices, default=SupportCaseStatusChoices.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")

    def __str__(self):
        return f"{self.project.code} {self.get_category_display()}"
