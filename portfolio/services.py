"""Writes on users and organisation data."""

from django.db import transaction

from .choices import UserRoleChoices
from .models import Department, District, Leader, User


@transaction.atomic
def user_create_or_update(
    *,
    username: str,
    password: str,
    role: str,
    department: Department | None = None,
    district: District | None = None,
    leader: Leader | None = None,
    full_name: str = "",
) -> tuple[User, bool]:
    """Create a portal user, or reset an existing one's password, role and links."""
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    user.role = role
    user.department = department
    user.district = district
    user.leader = leader
    if full_name:
        user.first_name = full_name
    user.is_staff = role == UserRoleChoices.ADMIN
    user.is_superuser = role == UserRoleChoices.ADMIN
    user.set_password(password)
    user.full_clean()
    user.save()
    return user, created
