from django.utils.translation import gettext_lazy as _

from portfolio.navigation import NavItem, ProjectPanel


def office_only(user) -> bool:
    return user.is_office


def works_cases(user) -> bool:
    return user.is_office or user.is_filer


NAV_ITEMS = [
    NavItem(area="dispatch", label=_("Alert board"), url_name="dispatch:alert_board", order=10),
    NavItem(area="dispatch", label=_("Warning notices"), url_name="dispatch:notice_list", order=20),
    NavItem(area="dispatch", label=_("Rankings"), url_name="dispatch:rankings", order=30),
    NavItem(area="dispatch", label=_("Exemptions"), url_name="dispatch:exemption_list", order=40),
    NavItem(area="dispatch", label=_("Alert rules"), url_name="dispatch:rule_list", order=50),
    NavItem(area="dispatch", label=_("Jobs"), url_name="dispatch:job_list", visible=office_only, order=60),
    # Factor support (要素保障): cases, meetings, inspections, the green channel.
    NavItem(area="dispatch", label=_("Support inbox"), url_name="dispatch:support_inbox", order=70),
    NavItem(area="dispatch", label=_("Support board"), url_name="dispatch:support_board", order=71),
    NavItem(
        area="dispatch",
        label=_("Raise a support case"),
        url_name="dispatch:support_raise",
        visible=works_cases,
        order=72,
    ),
    NavItem(area="dispatch", label=_("Coordination meetings"), url_name="dispatch:support_meetings", order=73),
    NavItem(area="dispatch", label=_("Inspections"), url_name="dispatch:support_inspections", order=74),
    NavItem(area="dispatch", label=_("Approval speed"), url_name="dispatch:support_approval_speed", order=75),
    NavItem(area="dispatch", label=_("Service levels"), url_name="dispatch:support_settings", order=76),
]

PROJECT_PANELS = [
    ProjectPanel(label=_("Alerts"), url_name="dispatch:project_alerts", order=40),
    ProjectPanel(label=_("Open support cases"), url_name="dispatch:support_project_panel", order=45),
]
