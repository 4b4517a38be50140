from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portfolio.models import User

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("role", "link"),
    [
        ("admin", []),
        ("office", []),
        ("viewer", []),
        ("department", ["--department", "FGW"]),
        ("district", ["--district", "JP"]),
        ("leader", None),
    ],
)
def test_create_portal_user_for_each_role(role, link, department, district, leader):
    if link is None:
        link = ["--leader", str(leader.pk)]
    output = run("create_portal_user", f"u-{role}", "--password", "Secret-2026!", "--role", role, *link)

    user = User.objects.get(username=f"u-{role}")
    assert f"Created user u-{role}" in output
    assert user.role == role
    assert user.check_password("Secret-2026!")
    assert user.is_superuser == (role == "admin")
    assert (user.department == department) == (role == "department")
    assert (user.district == district) == (role == "district")
    assert (user.leader == leader) == (role == "leader")


def test_create_portal_user_updates_an_existing_user(department):
    run("create_portal_user", "li", "--password", "One-2026!", "--role", "viewer")
    output = run("create_portal_user", "li", "--password", "Two-2026!", "--role", "department", "--department", "FGW")
    user = User.objects.get(username="li")
    assert "Updated" in output and user.role == "department" and user.check_password("Two-2026!")


def test_create_portal_user_with_an_unknown_department_fails():
    with pytest.raises(CommandError, match="No department with code 'NOPE'"):
        run("create_portal_user", "x", "--password", "p-2026!", "--role", "department", "--department", "NOPE")
    assert not User.objects.filter(username="x").exists()


def test_create_portal_user_department_role_needs_a_department():
    with pytest.raises(CommandError, match="department"):
        run("create_portal_user", "x", "--password", "p-2026!", "--role", "department")
    assert not User.objects.filter(username="x").exists()


@pytest.mark.parametrize("command", ["compute_alerts", "compute_rankings"])
@pytest.mark.parametrize("month", ["2026-13", "202610", "last"])
def test_compute_commands_refuse_a_bad_month(command, month):
    with pytest.raises(CommandError):
        run(command, "--month", month)


def test_republishing_rankings_needs_a_reason():
    with pytest.raises(CommandError, match="reason"):
        run("compute_rankings", "--month", "2026-10", "--republish")
