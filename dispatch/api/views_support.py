"""API endpoints for support cases, their log and inspections; scoped like the pages."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from projects.models import Project

from ..filtersets_support import InspectionFilterSet, SupportCaseFilterSet, SupportCaseLogEntryFilterSet
from ..models import Inspection, InspectionFinding, InspectionVisit, SupportCase, SupportCaseLogEntry
from .serializers_support import (
    InspectionCreateSerializer,
    InspectionSerializer,
    SupportCaseLogEntrySerializer,
    SupportCaseSerializer,
)


class SupportCaseViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """The office raises cases for any project; departments and districts for their projects.
    Changing `status` takes a case through its steps (who may do which step is checked)."""

    serializer_class = SupportCaseSerializer
    filterset_class = SupportCaseFilterSet
    write_roles = ("department", "district")
    ordering_fields = ["due_at", "raised_at", "id", "status", "level"]

    def get_queryset(self):
        return (
            SupportCase.objects.visible_to(self.request.user)
            .select_related("project", "owner_department")
            .order_by("due_at", "id")
        )


class SupportCaseLogEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SupportCaseLogEntrySerializer
    filterset_class = SupportCaseLogEntryFilterSet
    ordering_fields = ["at", "id"]

    def get_queryset(self):
        cases = SupportCase.objects.visible_to(self.request.user).values("pk")
        return SupportCaseLogEntry.objects.filter(case__in=cases).select_related("actor").order_by("at", "id")


@extend_schema_view(create=extend_schema(request=InspectionCreateSerializer, responses=InspectionSerializer))
class InspectionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspections visiting projects the user may see; the office records new ones with their
    sites and findings in one request."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["date", "id"]

    def get_queryset(self):
        return (
            Inspection.objects.visible_to(self.request.user)
            .prefetch_related(
                Prefetch(
                    "visits",
                    queryset=InspectionVisit.objects.select_related("project").prefetch_related(
                        Prefetch("findings", queryset=InspectionFinding.objects.order_by("id"))
                    ),
                )
            )
            .order_by("-date", "-id")
        )

    def get_serializer_class(self):
        return InspectionCreateSerializer if self.action == "create" else InspectionSerializer

    def create(self, request, *args, **kwargs):
        serializer = InspectionCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        inspection = serializer.save()
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(
            InspectionSerializer(inspection, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if not user.sees_everything:
            context["visible_project_ids"] = set(Project.objects.visible_to(user).values_list("pk", flat=True))
        return context
