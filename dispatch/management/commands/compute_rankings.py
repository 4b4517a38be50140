from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from dispatch import services
from portfolio.months import parse_month


class Command(BaseCommand):
    help = "Compute the rankings for a month (YYYY-MM)."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--republish", action="store_true", help="recompute a published month")
        parser.add_argument("--reason", default="", help="why a published month is recomputed")

    def handle(self, *args, month, republish, reason, **options):
        try:
            parse_month(month)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if republish and not reason.strip():
            raise CommandError("--republish needs --reason.")
        try:
            # Plain English on the console, for logs and scripts; the portal shows its own language.
            with translation.override("en"):
                result = services.rankings_compute(month=month, republish=republish, reason=reason)
        except services.RankingFrozen as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:
            raise CommandError(f"Computing the rankings for {month} failed: {type(exc).__name__}: {exc}") from exc
        self.stdout.write(result.message)
