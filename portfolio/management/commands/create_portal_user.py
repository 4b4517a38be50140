from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portfolio.choices import UserRoleChoices
from portfolio.models import Department, District, Leader
from portfolio.services import user_create_or_update


class Command(BaseCommand):
    help = "Create a portal user with a role, or update an existing one (password, role and links)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, choices=UserRoleChoices.values)
        parser.add_argument("--department", help="department code (role department)")
        parser.add_argument("--district", help="district code (role district)")
        parser.add_argument("--leader", type=int, help="leader id (role leader)")
        parser.add_argument("--name", default="", help="display name")

    def handle(self, *args, username, password, role, department, district, leader, name, **options):
        try:
            user, created = user_create_or_update(
                username=username,
                password=password,
                role=role,
                department=Department.objects.get(code=department) if department else None,
                district=District.objects.get(code=district) if district else None,
                leader=Leader.objects.get(pk=leader) if leader else None,
                full_name=name,
            )
        except Department.DoesNotExist as exc:
            raise CommandError(f"No department with code {department!r}.") from exc
        except District.DoesNotExist as exc:
            raise CommandError(f"No district with code {district!r}.") from exc
        except Leader.DoesNotExist as exc:
            raise CommandError(f"No leader with id {leader!r}.") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} user {user.username} with role {user.role}."))
