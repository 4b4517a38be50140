"""The same settings module runs the embedded default and the production stack."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
)


def settings_with(**env) -> list[str]:
    """Load the settings in a fresh interpreter with exactly these portal variables."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY")}
    clean.update(env, DJANGO_SETTINGS_MODULE="portfolio.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1].split()


def test_default_is_sqlite_with_tasks_in_process():
    engine, eager, broker = settings_with()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert broker == "memory://"


def test_database_url_selects_postgresql_and_redis_url_a_real_broker():
    engine, eager, broker = settings_with(
        DATABASE_URL="postgres://portal@db.example:5432/portal", REDIS_URL="redis://cache.example:6379/0"
    )
    assert engine == "django.db.backends.postgresql"
    assert eager == "False"
    assert broker == "redis://cache.example:6379/0"


def test_production_refuses_the_development_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    clean.update(DEBUG="false", DJANGO_SETTINGS_MODULE="portfolio.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_engine_in_use_follows_the_environment():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    assert settings.DATABASES["default"]["ENGINE"] == f"django.db.backends.{expected}"


@pytest.mark.postgres
@pytest.mark.django_db
def test_runs_queries_on_postgresql(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")
    assert connection.vendor == "postgresql"
