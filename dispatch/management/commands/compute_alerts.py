from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from dispatch import services
from portfolio.months import parse_month


class Command(BaseCommand):
    help = "Compute the alerts for a month (YYYY-MM)."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args, month, **options):
        try:
            parse_month(month)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            # Plain English on the console, for logs and scripts; the portal shows its own language.
            with translation.override("en"):
                result = services.alerts_compute(month=month)
        except Exception as exc:
            raise CommandError(f"Computing the alerts for {month} failed: {type(exc).__name__}: {exc}") from exc
        self.stdout.write(result.message)
