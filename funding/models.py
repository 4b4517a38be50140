"""Money secured for projects (allocations) and paid out of it (disbursements)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models import MONEY, Project

from .choices import AllocationKindChoices

positive = MinValueValidator(Decimal("0.01"))


class Allocation(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(_("kind"), max_length=30, choices=AllocationKindChoices.choices)
    year = models.PositiveIntegerField(_("year"))
    document_no = models.CharField(_("document number"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (10k yuan)"), validators=[positive], **MONEY)
    received_on = models.DateField(_("received on"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.project.code} {self.get_kind_display()} {self.amount}"


class Disbursement(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="disbursements")
    amount = models.DecimalField(_("amount (10k yuan)"), validators=[positive], **MONEY)
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")

    def __str__(self):
        return f"{self.allocation_id}: {self.amount}"
