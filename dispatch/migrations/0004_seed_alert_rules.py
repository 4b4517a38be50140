from django.db import migrations

# The published defaults; kept here rather than imported so the migration never changes.
DEFAULTS = {
    "start": {"yellow_from_months": 1, "red_from_months": 3},
    "progress": {"yellow_lag_pts": 10, "red_lag_pts": 30},
    "funds": {"days_after_receipt": 90, "required_rate_pct": 90},
    "registration": {"yellow_from_months": 1, "red_above_months": 2},
    "reporting": {},
    "milestone": {"red_above_days": 90},
    "support": {},
}


def seed(apps, schema_editor):
    AlertRule = apps.get_model("dispatch", "AlertRule")
    for code, thresholds in DEFAULTS.items():
        AlertRule.objects.get_or_create(code=code, defaults={"enabled": True, "thresholds": thresholds})


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0003_alerts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
