"""The top navigation. Each app lists its own pages in `<app>/navigation.py` as NAV_ITEMS, so an
area appears only once it has pages; this module gathers them for the base template."""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

AREAS = {
    "dashboard": _("Dashboard"),
    "projects": _("Projects"),
    "filing": _("Filing"),
    "dispatch": _("Dispatch"),
    "funding": _("Funding"),
}
NAV_APPS = ("portfolio", "projects", "funding", "dispatch")


def everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    area: str
    label: str
    url_name: str
    visible: Callable = everyone
    order: int = 100


NAV_ITEMS = [NavItem(area="dashboard", label=_("Overview"), url_name="home", order=0)]


def nav_items() -> list[NavItem]:
    items = []
    for app in NAV_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "NAV_ITEMS", ()))
    return items


def navigation_for(user, current_path: str) -> list[dict]:
    """Areas in their fixed order, each with the items this user may open. The area holding the
    item whose URL is the longest prefix of the current path is the active one."""
    areas = []
    for area, label in AREAS.items():
        entries = []
        for item in sorted((i for i in nav_items() if i.area == area), key=lambda i: i.order):
            if item.visible(user):
                url = reverse(item.url_name)
                entries.append({"label": item.label, "url": url, "active": current_path == url})
        if entries:
            areas.append({"key": area, "label": label, "items": entries, "active": False})
    matches = [
        (len(entry["url"]), area)
        for area in areas
        for entry in area["items"]
        if current_path == entry["url"] or (entry["url"] != "/" and current_path.startswith(entry["url"]))
    ]
    if matches:
        max(matches, key=lambda match: match[0])[1]["active"] = True
    return areas


@dataclass(frozen=True)
class ProjectPanel:
    """A section of the project page that another app provides: the page loads `url_name`
    (which takes the project code) with htmx. Apps list theirs in `<app>/navigation.py`
    as PROJECT_PANELS."""

    label: str
    url_name: str
    order: int = 100


def project_panels() -> list[ProjectPanel]:
    panels = []
    for app in NAV_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError:
            continue
        panels.extend(getattr(module, "PROJECT_PANELS", ()))
    return sorted(panels, key=lambda p: p.order)
