from django.utils.translation import gettext_lazy as _

from portfolio.navigation import NavItem


def _office(user) -> bool:
    return user.is_office


NAV_ITEMS = []

# The figures area (dashboard, bulletin, city statistics, targets), kept in its own list so that the
# register's items and these merge without touching each other.
FIGURES_NAV_ITEMS = [
    NavItem(area="dashboard", label=_("Monthly bulletin"), url_name="figures:bulletin", order=10),
    NavItem(
        area="dashboard", label=_("City statistics"), url_name="figures:city_statistics", visible=_office, order=20
    ),
    NavItem(area="dashboard", label=_("Annual targets"), url_name="figures:targets", visible=_office, order=30),
]
NAV_ITEMS += FIGURES_NAV_ITEMS
