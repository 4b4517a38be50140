"""Measures the portal at scale: seeds a city of N projects, then times the pages, the figures,
the jobs and the exports that staff use every month, with their query counts and peak memory.

Speed and memory targets are checked here and reported, not by timed tests:
    manage.py benchmark --projects 20000
It rebuilds the demo city in the configured database (like seed_demo), so run it on a scratch
database (e.g. DATABASE_URL=sqlite:////tmp/bench.sqlite3)."""

import statistics
import time
import tracemalloc
from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
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


@contextmanager
def measured(results: list, label: str, repeat: int = 1):
    """Time the block (median of `repeat` runs is taken by the caller), count queries, track memory."""
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        yield
        elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results.append({"label": label, "seconds": elapsed, "queries": len(queries), "peak_mb": peak / 2**20})


class Command(BaseCommand):
    help = "Seed N projects and measure page, figure, job and export speed, query counts and memory."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=20000)
        parser.add_argument("--repeat", type=int, default=3, help="runs per page; the median is reported")
        parser.add_argument("--skip-seed", action="store_true", help="measure the data already loaded")

    def handle(self, *args, projects, repeat, skip_seed, **options):
        results = []
        if not skip_seed:
            with measured(results, f"seed_demo --projects {projects}"):
                call_command("seed_demo", projects=projects, stdout=StringIO())
        month = previous_month()
        year, month_number = parse_month(month)
        scope = Project.objects.all()

        with measured(results, "figures.summary"):
            figures.summary(projects=scope, year=year, month=month_number)
        for dimension in ("district", "department", "category"):
            with measured(results, f"figures.breakdown({dimension})"):
                figures.breakdown(projects=scope, year=year, month=month_number, dimension=dimension)
        with measured(results, "compute_alerts"):
            call_command("compute_alerts", month=month, stdout=StringIO())
        with measured(results, "compute_rankings"):
            call_command("compute_rankings", month=month, stdout=StringIO())

        client = Client()
        client.force_login(User.objects.filter(role=User.Role.OFFICE).first())
        for label, url_name, query in PAGES:
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            runs = []
            for _ in range(repeat):
                reset_queries()
                with measured(runs, label):
                    response = client.get(f"{url}?{query}" if query else url)
                if response.status_code != 200:
                    self.stderr.write(f"{label}: HTTP {response.status_code}")
                    break
            if runs:
                results.append(
                    {
                        "label": f"GET {label}",
                        "seconds": statistics.median(r["seconds"] for r in runs),
                        "queries": runs[-1]["queries"],
                        "peak_mb": max(r["peak_mb"] for r in runs),
                    }
                )

        count = Project.objects.count()
        vendor = connection.vendor
        self.stdout.write(f"Benchmark on {vendor}, {count} projects, month {month}")
        self.stdout.write(f"{'what':45} {'seconds':>9} {'queries':>8} {'peak MB':>8}")
        for row in results:
            self.stdout.write(f"{row['label']:45} {row['seconds']:9.3f} {row['queries']:8d} {row['peak_mb']:8.1f}")
