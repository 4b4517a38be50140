"""API routes of the figures (kept apart from the register's router so both merge trivially)."""

from django.urls import path

from .figures import SummaryView

urlpatterns = [
    path("summary/", SummaryView.as_view(), name="api-summary"),
]
