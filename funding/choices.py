from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AllocationKindChoices(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central budget funds")
    TREASURY_BOND = "treasury_bond", _("Ultra-long special treasury bonds")
    SPECIAL_BOND = "special_bond", _("Local government special bonds")
    POLICY_INSTRUMENT = "policy_instrument", _("Policy financial instruments")
    POLICY_LOAN = "policy_loan", _("Policy loans")
    BANK_CREDIT = "bank_credit", _("Bank credit")
    PRIVATE_CAPITAL = "private_capital", _("Private capital")
    PPP = "ppp", "PPP"
    REITS = "reits", "REITs"
    SELF_RAISED = "self_raised", _("Self-raised")


# Funds from higher levels whose payment rate is watched by the `funds` alert rule.
WATCHED_ALLOCATION_KINDS = (
    AllocationKindChoices.CENTRAL_BUDGET,
    AllocationKindChoices.TREASURY_BOND,
    AllocationKindChoices.SPECIAL_BOND,
)

# Kinds that count as bonds and as leveraged money when computing leverage (债贷组合).
BOND_KINDS = (AllocationKindChoices.TREASURY_BOND, AllocationKindChoices.SPECIAL_BOND)
LEVERAGED_KINDS = (
    AllocationKindChoices.POLICY_LOAN,
    AllocationKindChoices.BANK_CREDIT,
    AllocationKindChoices.PRIVATE_CAPITAL,
)


class FundApplicationStatusChoices(models.TextChoices):
    DRAFTING = "drafting", pgettext_lazy("fund application", "Drafting")
    SUBMITTED = "submitted", pgettext_lazy("fund application", "Submitted")
    APPROVED = "approved", pgettext_lazy("fund application", "Approved")
    REJECTED = "rejected", pgettext_lazy("fund application", "Rejected")
