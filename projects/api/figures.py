"""`GET /api/v1/summary/`: the figures of DESIGN.md section 4 with the exact keys of section 7."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.models import Project
from projects.selectors import figures
from projects.selectors.figure_filters import filter_for_figures

# The contract (DESIGN.md section 7): these keys and no others.
AMOUNT_KEYS = ("total_investment", "annual_plan", "completed", "period_plan")
PERCENT_KEYS = (
    "completion_pct",
    "time_progress_pct",
    "lead_pts",
    "period_completion_pct",
    "yoy_pct",
    "start_rate_pct",
)
COUNT_KEYS = ("project_count", "new_count", "planned_starts", "started")
SUMMARY_KEYS = (
    "project_count",
    "total_investment",
    "annual_plan",
    "completed",
    "completion_pct",
    "time_progress_pct",
    "lead_pts",
    "period_plan",
    "period_completion_pct",
    "yoy_pct",
    "new_count",
    "planned_starts",
    "started",
    "start_rate_pct",
)


def api_amount(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def api_pct(value) -> float | None:
    rounded = figures.round_pct(value, 2)
    return None if rounded is None else float(rounded)


def summary_payload(result: dict) -> dict:
    """The section 7 representation of `figures.summary`: amounts as decimal strings in 万元,
    percentages as numbers rounded half-up to two decimals (null where undefined)."""
    payload = {}
    for key in SUMMARY_KEYS:
        if key in AMOUNT_KEYS:
            payload[key] = api_amount(result[key])
        elif key in PERCENT_KEYS:
            payload[key] = api_pct(result[key])
        else:
            payload[key] = int(result[key])
    return payload


class SummarySerializer(serializers.Serializer):
    """For the schema only; the view builds the payload with `summary_payload`."""

    project_count = serializers.IntegerField()
    total_investment = serializers.DecimalField(max_digits=18, decimal_places=2)
    annual_plan = serializers.DecimalField(max_digits=18, decimal_places=2)
    completed = serializers.DecimalField(max_digits=18, decimal_places=2)
    completion_pct = serializers.FloatField(allow_null=True)
    time_progress_pct = serializers.FloatField()
    lead_pts = serializers.FloatField(allow_null=True)
    period_plan = serializers.DecimalField(max_digits=18, decimal_places=2)
    period_completion_pct = serializers.FloatField(allow_null=True)
    yoy_pct = serializers.FloatField(allow_null=True)
    new_count = serializers.IntegerField()
    planned_starts = serializers.IntegerField()
    started = serializers.IntegerField()
    start_rate_pct = serializers.FloatField(allow_null=True)


def _param(name, type_, description):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False, description=description)


class SummaryView(APIView):
    """Key-project figures of year Y, months 1..M, over the projects the user may see."""

    @extend_schema(
        operation_id="summary_retrieve",
        parameters=[
            _param("year", OpenApiTypes.INT, "Year Y (default: the year of the last closed month)"),
            _param("month", OpenApiTypes.INT, "Reporting month M, 1-12 (default: the last closed month)"),
            _param("level", OpenApiTypes.STR, "provincial, city or district"),
            _param("is_top100", OpenApiTypes.BOOL, "Top-100 projects only (true) or the others (false)"),
            _param("category", OpenApiTypes.STR, "Category code, or 'industrial' for the three industrial ones"),
            _param("nature", OpenApiTypes.STR, "Nature of the annual plan: new, continuing, preliminary, reserve"),
            _param("district", OpenApiTypes.STR, "District code"),
            _param("department", OpenApiTypes.STR, "Department code"),
            _param("leader", OpenApiTypes.INT, "Id of the active city leader"),
            _param("industry_chain", OpenApiTypes.STR, "Industry chain code"),
            _param("stage", OpenApiTypes.STR, "Project stage code"),
        ],
        responses={200: SummarySerializer},
    )
    def get(self, request):
        scoped = Project.objects.visible_to(request.user)
        filters = filter_for_figures(scoped, request.query_params)
        if filters.errors:
            return Response(filters.errors, status=400)
        result = figures.summary(
            projects=filters.projects, year=filters.year, month=filters.month, nature=filters.nature
        )
        return Response(summary_payload(result))
