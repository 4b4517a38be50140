from . import admin_support  # noqa: F401  (support cases, meetings, inspections)
