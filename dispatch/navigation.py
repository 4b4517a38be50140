from django.utils.translation import gettext_lazy as _

from portfolio.navigation import NavItem, ProjectPanel


def office_only(user) -> bool:
    return user.is_office


NAV_ITEMS = [
    NavItem(area="dispatch", label=_("Alert board"), url_name="dispatch:alert_board", order=10),
    NavItem(area="dispatch", label=_("Warning notices"), url_name="dispatch:notice_list", order=20),
    NavItem(area="dispatch", label=_("Rankings"), url_name="dispatch:rankings", order=30),
    NavItem(area="dispatch", label=_("Exemptions"), url_name="dispatch:exemption_list", order=40),
    NavItem(area="dispatch", label=_("Alert rules"), url_name="dispatch:rule_list", order=50),
    NavItem(area="dispatch", label=_("Jobs"), url_name="dispatch:job_list", visible=office_only, order=60),
]

PROJECT_PANELS = [ProjectPanel(label=_("Alerts"), url_name="dispatch:project_alerts", order=40)]
