"""Build the demo city of SEED-CITY.md: organisation, register, and whatever the funding and
dispatch apps add through their `demo.seed(*, rng, today)` hooks.

The register is replaced as a whole on every run (in one transaction), so running the command
twice gives the same rows; organisation data and demo users are upserted by code and username."""

import datetime
import random
import time
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from portfolio.demo import DEMO_PASSWORD, organisation_seed
from projects.demo import register_seed
from projects.models import CityStatistic, LeaderAssignment, Project

DEFAULT_SEED = 2026
DEFAULT_PROJECTS = 1100
HOOK_APPS = ("funding", "dispatch")


def register_wipe(using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every project and every row that hangs off one, in any app, set-based.

    Django's cascading delete would load each row and write a history record per deletion; the
    demo needs neither, so each dependent table is emptied with one DELETE, leaves first."""
    ordered, seen = [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for relation in model._meta.related_objects:
            visit(relation.related_model)
            if relation.many_to_many and relation.through is not None:
                visit(relation.through)
        ordered.append(model)

    visit(Project)
    for model in ordered:
        model._base_manager.using(using).all()._raw_delete(using)
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            history.model._base_manager.using(using).all()._raw_delete(using)
    CityStatistic.objects.using(using).all().delete()


def run_hooks(*, seed: int, today: datetime.date) -> dict:
    counts = {}
    for app in HOOK_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        # Each hook gets its own generator, so one app's data does not shift another's.
        result = module.seed(rng=random.Random(f"{seed}-{app}"), today=today)
        if isinstance(result, dict):
            counts.update(result)
    return counts


class Command(BaseCommand):
    help = "Build the demo city (replaces the register). Deterministic for a given --seed."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument(
            "--projects",
            type=int,
            default=DEFAULT_PROJECTS,
            help=f"total number of projects, about one in eleven a top-100 project (default {DEFAULT_PROJECTS})",
        )
        parser.add_argument("--today", help="the date the demo is built for, YYYY-MM-DD (default: today)")

    def handle(self, *args, seed, projects, today, **options):
        if projects < 1:
            raise CommandError("--projects must be at least 1.")
        try:
            today = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        started = time.monotonic()
        rng = random.Random(seed)
        with transaction.atomic():
            register_wipe()
            org = organisation_seed()
            counts = {
                "districts": len(org.districts),
                "departments": len(org.departments),
                "city leaders": len(org.leaders),
                "demo users": len(org.users),
            }
            counts.update(register_seed(rng=rng, today=today, org=org, total=projects))
            counts.update(run_hooks(seed=seed, today=today))
        top100 = Project.objects.filter(is_top100=True)
        active_leader = LeaderAssignment.objects.filter(project=OuterRef("pk"), ended_on__isnull=True)
        self.stdout.write(f"Demo city built for {today:%Y-%m-%d} (seed {seed}) in {time.monotonic() - started:.1f} s:")
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"  {name:<{width}}  {count:>8,}")
        self.stdout.write(
            f"  top-100 projects: {top100.count()}, "
            f"without an active leader: {top100.filter(~Exists(active_leader)).count()}"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo users share the password {DEMO_PASSWORD} (see demo_logins)."))
