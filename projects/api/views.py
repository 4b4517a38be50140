from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from portfolio.models import Department, District, Leader

from ..filtersets import AnnualPlanFilterSet, MilestoneFilterSet, MonthlyReportFilterSet, ProjectFilterSet
from ..models import AnnualPlan, Milestone, MonthlyReport, Project
from ..selectors.register import project_list
from .serializers import (
    AnnualPlanSerializer,
    DepartmentSerializer,
    DistrictSerializer,
    LeaderSerializer,
    MilestoneSerializer,
    MonthlyReportSerializer,
    ProjectSerializer,
)

FILER_ROLES = ("department", "district")
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class DistrictViewSet(viewsets.ModelViewSet):
    queryset = District.objects.all()
    serializer_class = DistrictSerializer
    lookup_field = "code"
    http_method_names = NO_DELETE
    ordering_fields = ["code", "name", "sort_order"]


class DepartmentViewSet(viewsets.ModelViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    lookup_field = "code"
    http_method_names = NO_DELETE
    ordering_fields = ["code", "name", "sort_order"]


class LeaderViewSet(viewsets.ModelViewSet):
    queryset = Leader.objects.all()
    serializer_class = LeaderSerializer
    http_method_names = NO_DELETE
    ordering_fields = ["id", "name", "sort_order"]


class ProjectViewSet(viewsets.ModelViewSet):
    """Projects the user may see; `leader` is the active 包保 leader, writing it reassigns."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]+"
    ordering_fields = ["code", "name", "total_investment", "planned_start", "stage", "level"]
    http_method_names = NO_DELETE

    def get_queryset(self):
        projects = Project.objects.visible_to(self.request.user)
        return project_list(projects=projects, year=timezone.localdate().year).order_by("code")


class AnnualPlanViewSet(viewsets.ModelViewSet):
    serializer_class = AnnualPlanSerializer
    filterset_class = AnnualPlanFilterSet
    ordering_fields = ["year", "planned_investment", "project__code"]

    def get_queryset(self):
        visible = Project.objects.visible_to(self.request.user)
        return AnnualPlan.objects.filter(project__in=visible.values("pk")).select_related("project")


class MonthlyReportViewSet(viewsets.ModelViewSet):
    """Department and district users create and change draft or submitted reports of their own
    projects (until submitted); the office may write any status."""

    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    write_roles = FILER_ROLES
    ordering_fields = ["month", "project__code", "completed_investment", "status"]

    def get_queryset(self):
        visible = Project.objects.visible_to(self.request.user)
        return MonthlyReport.objects.filter(project__in=visible.values("pk")).select_related(
            "project", "filed_by", "reviewed_by"
        )

    def perform_destroy(self, instance):
        user = self.request.user
        if not user.is_office and instance.status not in ("draft", "returned"):
            raise PermissionDenied(_("Only drafts can be deleted."))
        instance.delete()


class MilestoneViewSet(viewsets.ModelViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    write_roles = FILER_ROLES
    ordering_fields = ["planned_date", "actual_date", "project__code"]

    def get_queryset(self):
        visible = Project.objects.visible_to(self.request.user)
        return Milestone.objects.filter(project__in=visible.values("pk")).select_related("project")
