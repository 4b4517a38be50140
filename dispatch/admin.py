from . import (
    admin_alerts,  # noqa: F401  (alerts, rules, exemptions, notices, rankings)
    admin_support,  # noqa: F401  (support cases, meetings, inspections)
)
