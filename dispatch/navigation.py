from django.utils.translation import gettext_lazy as _

from portfolio.navigation import NavItem, ProjectPanel


def _works_cases(user) -> bool:
    return user.is_office or user.is_filer


NAV_ITEMS = [
    NavItem(area="dispatch", label=_("Support inbox"), url_name="dispatch:support_inbox", order=40),
    NavItem(area="dispatch", label=_("Support board"), url_name="dispatch:support_board", order=41),
    NavItem(
        area="dispatch",
        label=_("Raise a support case"),
        url_name="dispatch:support_raise",
        visible=_works_cases,
        order=42,
    ),
    NavItem(area="dispatch", label=_("Coordination meetings"), url_name="dispatch:support_meetings", order=43),
    NavItem(area="dispatch", label=_("Inspections"), url_name="dispatch:support_inspections", order=44),
    NavItem(area="dispatch", label=_("Approval speed"), url_name="dispatch:support_approval_speed", order=45),
    NavItem(area="dispatch", label=_("Service levels"), url_name="dispatch:support_settings", order=46),
]

PROJECT_PANELS = [
    ProjectPanel(label=_("Open support cases"), url_name="dispatch:support_project_panel", order=40),
]
