"""Money secured for projects (allocations), paid out of it (disbursements), and the ways the
office raises more: bond-loan combinations, bank credit from matchmaking events, applications."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models import MONEY, Project

from .choices import BOND_KINDS, LEVERAGED_KINDS, AllocationKindChoices, FundApplicationStatusChoices

positive = MinValueValidator(Decimal("0.01"))


class AllocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class Allocation(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="allocations"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AllocationKindChoices.choices)
    year = models.PositiveIntegerField(_("year"))
    document_no = models.CharField(_("document number"), max_length=100, blank=True)
    batch = models.CharField(_("batch"), max_length=100, blank=True, db_index=True)
    amount = models.DecimalField(_("amount (10k yuan)"), validators=[positive], **MONEY)
    received_on = models.DateField(_("received on"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["kind", "year"])]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.project.code} {self.get_kind_display()} {self.amount}"


class DisbursementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(allocation__project__in=Project.objects.visible_to(user).values("pk"))


class Disbursement(models.Model):
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = models.DecimalField(_("amount (10k yuan)"), validators=[positive], **MONEY)
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")

    def __str__(self):
        return f"{self.allocation_id}: {self.amount}"

    def clean(self):
        """The row-level half of the ceiling; the service re-checks it under a row lock."""
        if not self.allocation_id or self.amount is None:
            return
        allocation = self.allocation
        if self.paid_on and self.paid_on < allocation.received_on:
            raise ValidationError({"paid_on": _("A payment cannot be made before the money was received.")})
        others = allocation.disbursements.exclude(pk=self.pk).aggregate(total=models.Sum("amount"))["total"]
        if (others or Decimal("0")) + self.amount > allocation.amount:
            raise ValidationError(
                {
                    "amount": _("Payments would total %(total)s, more than the allocation's %(amount)s.")
                    % {"total": (others or Decimal("0")) + self.amount, "amount": allocation.amount}
                }
            )


class BondLoanCombination(models.Model):
    """A bond allocation and the loans and private capital it drew in (债贷组合)."""

    bond = models.ForeignKey(
        Allocation,
        verbose_name=_("bond allocation"),
        on_delete=models.CASCADE,
        related_name="leveraged",
        limit_choices_to={"kind__in": BOND_KINDS},
    )
    leveraged = models.ForeignKey(
        Allocation,
        verbose_name=_("leveraged allocation"),
        on_delete=models.CASCADE,
        related_name="leveraged_by",
        limit_choices_to={"kind__in": LEVERAGED_KINDS},
    )
    amount = models.DecimalField(_("amount leveraged (10k yuan)"), validators=[positive], **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bond", "id"]
        constraints = [models.UniqueConstraint(fields=["bond", "leveraged"], name="unique_bond_leveraged_pair")]
        verbose_name = _("bond-loan combination")
        verbose_name_plural = _("bond-loan combinations")

    def __str__(self):
        return f"{self.bond_id} -> {self.leveraged_id}: {self.amount}"

    def clean(self):
        errors = {}
        if self.bond_id and self.bond.kind not in BOND_KINDS:
            errors["bond"] = _("Choose an allocation of treasury or special bonds.")
        if self.leveraged_id:
            if self.leveraged.kind not in LEVERAGED_KINDS:
                errors["leveraged"] = _("Choose an allocation of policy loans, bank credit or private capital.")
            elif self.amount is not None and self.amount > self.leveraged.amount:
                errors["amount"] = _("The amount cannot exceed the leveraged allocation.")
        if errors:
            raise ValidationError(errors)


class MatchmakingEvent(models.Model):
    """A bank-enterprise matchmaking event (银企对接会)."""

    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("matchmaking event")
        verbose_name_plural = _("matchmaking events")

    def __str__(self):
        return f"{self.date} {self.name}"


class CreditLineQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Lines for a project follow the project's scope; lines to an enterprise alone (no
        project) are seen only by users who see everything."""
        projects = Project.objects.visible_to(user)
        if user is not None and user.is_authenticated and user.sees_everything:
            return self
        return self.filter(project__in=projects.values("pk"))


class CreditLine(models.Model):
    """Credit a bank granted (授信) to a project or an enterprise."""

    bank = models.CharField(_("bank"), max_length=100)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_lines",
    )
    enterprise = models.CharField(_("enterprise"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount granted (10k yuan)"), validators=[positive], **MONEY)
    event = models.ForeignKey(
        MatchmakingEvent,
        verbose_name=_("matchmaking event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_lines",
    )
    granted_on = models.DateField(_("date granted"))
    history = HistoricalRecords()

    objects = CreditLineQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("credit line")
        verbose_name_plural = _("credit lines")

    def __str__(self):
        return f"{self.bank}: {self.amount}"

    def clean(self):
        if not self.project_id and not self.enterprise:
            raise ValidationError({"enterprise": _("Name the project or the enterprise granted the credit.")})


class FundApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class FundApplication(models.Model):
    """An application for money from a higher-level programme (资金申报)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="fund_applications"
    )
    programme = models.CharField(_("programme"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AllocationKindChoices.choices, blank=True)
    amount_requested = models.DecimalField(_("amount requested (10k yuan)"), validators=[positive], **MONEY)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FundApplicationStatusChoices.choices,
        default=FundApplicationStatusChoices.DRAFTING,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    allocation = models.OneToOneField(
        Allocation,
        verbose_name=_("resulting allocation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = FundApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-id"]
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")

    def __str__(self):
        return f"{self.project.code} {self.programme}"

    def clean(self):
        if self.allocation_id and self.status != FundApplicationStatusChoices.APPROVED:
            raise ValidationError({"allocation": _("Only an approved application becomes an allocation.")})
        if self.allocation_id and self.project_id and self.allocation.project_id != self.project_id:
            raise ValidationError({"allocation": _("The allocation belongs to another project.")})
