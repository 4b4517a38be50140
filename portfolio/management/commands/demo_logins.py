from django.core.management.base import BaseCommand

from portfolio.demo import DEMO_PASSWORD, demo_users, user_scope


class Command(BaseCommand):
    help = "Print the demo users (created by seed_demo) with their role, scope and password."

    def handle(self, *args, **options):
        users = demo_users()
        if not users:
            self.stdout.write("No demo users yet: run `manage.py seed_demo` first.")
            return
        rows = [("username", "role", "scope", "password")]
        rows += [(u.username, u.role, user_scope(u), DEMO_PASSWORD) for u in users]
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        rule = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        self.stdout.write(rule)
        for index, row in enumerate(rows):
            self.stdout.write("| " + " | ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)) + " |")
            if index == 0:
                self.stdout.write(rule)
        self.stdout.write(rule)
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/")


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
