"""Measures the portal at scale: seeds a city of N projects, then times the pages, the figures,
the jobs and the exports that staff use every month, with their query counts and peak memory.

Speed and memory targets are checked here and reported, not by timed tests:
    manage.py benchmark --projects 20000
It rebuilds the demo city in the configured database (like seed_demo), so run it on a scratch
database (e.g. DATABASE_URL=sqlite:////tmp/bench.sqlite3)."""

import statistics
import time
import tracemalloc
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from portfolio.models import User
from portfolio.months import parse_month, previous_month
from projects.models import Project
from projects.selectors import figures

# Pages timed for the office user: (label, url name, query string).
PAGES = (
    ("dashboard", "home", ""),
    ("bulletin", "figures:bulletin", ""),
    ("bulletin Excel attachment", "figures:bulletin_xlsx", ""),
    ("project list", "projects:project_list", ""),
    ("project list Excel export", "projects:project_export", ""),
    ("summary API", "api-summary", ""),
    ("alert board", "dispatch:alert_board", ""),
    ("rankings board", "dispatch:ranking_board", ""),
    ("funding dashboard", "funding:dashboard", ""),
    ("support board", "dispatch:support_board", ""),
)


def measure(results: list, label: str, action, repeat: int = 1) -> None:
    """Median time of `repeat` plain runs with their query count, then one more run under
    tracemalloc for the peak memory (tracing slows Python down, so it is kept out of the timing)."""
    seconds, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            seconds.append(time.perf_counter() - started)
        queries = len(captured)
    tracemalloc.start()
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results.append({"label": label, "seconds": statistics.median(seconds), "queries": queries, "peak_mb": peak / 2**20})


class Command(BaseCommand):
    help = "Seed N projects and measure page, figure, job and export speed, query counts and memory."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=20000)
        parser.add_argument("--repeat", type=int, default=3, help="runs per page; the median is reported")
        parser.add_argument("--skip-seed", action="store_true", help="measure the data already loaded")

    def handle(self, *args, projects, repeat, skip_seed, **options):
        results = []
        if not skip_seed:
            started = time.perf_counter()
            call_command("seed_demo", projects=projects, stdout=StringIO())
            results.append(
                {"label": f"seed_demo --projects {projects}", "seconds": time.perf_counter() - started,
                 "queries": 0, "peak_mb": 0.0}
            )  # fmt: skip
        month = previous_month()
        year, month_number = parse_month(month)
        scope = Project.objects.all()

        measure(results, "figures.summary", lambda: figures.summary(projects=scope, year=year, month=month_number))
        for dimension in ("district", "department", "category"):
            measure(
                results,
                f"figures.breakdown({dimension})",
                lambda d=dimension: figures.breakdown(projects=scope, year=year, month=month_number, dimension=d),
            )
        # Both jobs are idempotent, so the memory run recomputes the same month.
        measure(results, "compute_alerts", lambda: call_command("compute_alerts", month=month, stdout=StringIO()))
        measure(results, "compute_rankings", lambda: call_command("compute_rankings", month=month, stdout=StringIO()))

        client = Client()
        client.force_login(User.objects.filter(role=User.Role.OFFICE).first())
        for label, url_name, query in PAGES:
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            target = f"{url}?{query}" if query else url
            status = client.get(target).status_code
            if status != 200:
                self.stderr.write(f"{label}: HTTP {status}")
                continue
            measure(results, f"GET {label}", lambda t=target: client.get(t), repeat=repeat)

        count = Project.objects.count()
        vendor = connection.vendor
        self.stdout.write(f"Benchmark on {vendor}, {count} projects, month {month}")
        self.stdout.write(f"{'what':45} {'seconds':>9} {'queries':>8} {'peak MB':>8}")
        for row in results:
            self.stdout.write(f"{row['label']:45} {row['seconds']:9.3f} {row['queries']:8d} {row['peak_mb']:8.1f}")
