from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_benchmark_measures_every_page_and_job_on_a_seeded_city():
    out = StringIO()
    call_command("benchmark", projects=60, repeat=1, stdout=out, stderr=out)
    report = out.getvalue()
    assert "HTTP" not in report  # every page answered 200
    for label in ("seed_demo --projects 60", "figures.summary", "compute_alerts", "GET dashboard", "GET bulletin",
                  "GET project list", "GET alert board", "GET funding dashboard", "GET support board"):  # fmt: skip
        assert label in report
    dashboard = next(line for line in report.splitlines() if line.startswith("GET dashboard"))
    seconds, queries, _peak = dashboard.split()[-3:]
    assert float(seconds) > 0 and int(queries) > 0
