from django.utils.translation import gettext_lazy as _

from portfolio.navigation import NavItem, ProjectPanel

NAV_ITEMS = [
    NavItem(area="funding", label=_("Funding dashboard"), url_name="funding:dashboard", order=10),
    NavItem(area="funding", label=_("Allocations"), url_name="funding:allocation_list", order=20),
    NavItem(area="funding", label=_("Payments"), url_name="funding:disbursement_list", order=30),
    NavItem(area="funding", label=_("Bank matchmaking and credit"), url_name="funding:event_list", order=40),
    NavItem(area="funding", label=_("Fund applications"), url_name="funding:application_pipeline", order=50),
]

PROJECT_PANELS = [ProjectPanel(label=_("Funding"), url_name="funding:project_panel", order=30)]
