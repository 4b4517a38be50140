"""Dispatch models: support cases (support.py); alerts, notices and rankings (alerts.py)."""

from .support import SupportCase

__all__ = ["SupportCase"]
