from django.utils.translation import gettext_lazy as _

from portfolio.navigation import NavItem


def is_office(user) -> bool:
    return user.is_office


def is_filer(user) -> bool:
    return user.is_filer


NAV_ITEMS = [
    NavItem(area="dashboard", label=_("Monthly bulletin"), url_name="figures:bulletin", order=10),
    NavItem(
        area="dashboard", label=_("City statistics"), url_name="figures:city_statistics", visible=is_office, order=20
    ),
    NavItem(area="dashboard", label=_("Annual targets"), url_name="figures:targets", visible=is_office, order=30),
    NavItem(area="projects", label=_("Project list"), url_name="projects:project_list", order=10),
    NavItem(area="projects", label=_("Review queue"), url_name="projects:review_queue", visible=is_office, order=20),
    NavItem(
        area="projects",
        label=_("Import the annual list"),
        url_name="projects:project_import",
        visible=is_office,
        order=30,
    ),
    NavItem(area="projects", label=_("New project"), url_name="projects:project_create", visible=is_office, order=40),
    NavItem(area="filing", label=_("Filing desk"), url_name="projects:filing_desk", visible=is_filer, order=10),
]
