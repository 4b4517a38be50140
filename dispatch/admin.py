from . import admin_alerts  # noqa: F401  (alerts, rules, exemptions, notices, rankings)
