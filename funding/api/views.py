"""Funding API. Reads are scoped with `visible_to`; writes (office and admin) go through the
services, so that the same `clean()` rules and the allocation row lock apply as on the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.filtersets import ProjectFilterSet
from projects.models import Project

from .. import oc4ids, services
from ..filtersets import (
    AllocationFilterSet,
    BondLoanCombinationFilterSet,
    CreditLineFilterSet,
    DisbursementFilterSet,
    FundApplicationFilterSet,
    MatchmakingEventFilterSet,
)
from ..models import Allocation, BondLoanCombination, CreditLine, Disbursement, FundApplication, MatchmakingEvent
from ..selectors import paid_by
from .serializers import (
    AllocationSerializer,
    BondLoanCombinationSerializer,
    CreditLineSerializer,
    DisbursementSerializer,
    FundApplicationSerializer,
    MatchmakingEventSerializer,
)


def as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "message_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class ServiceModelViewSet(viewsets.ModelViewSet):
    """A ModelViewSet whose create/update/delete call the app's services."""

    create_service = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        try:
            instance = type(self).create_service(**serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        # Re-read through the view's queryset so that annotations (e.g. `paid`) are present.
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def perform_update(self, serializer):
        try:
            instance = self.update_service(serializer.instance, dict(serializer.validated_data))
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def update_service(self, instance, data):
        return services.instance_update(instance=instance, data=data)

    def perform_destroy(self, instance):
        try:
            self.delete_service(instance)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def delete_service(self, instance):
        instance.delete()


class AllocationViewSet(ServiceModelViewSet):
    serializer_class = AllocationSerializer
    filterset_class = AllocationFilterSet
    ordering_fields = ["received_on", "amount", "year", "id"]
    create_service = staticmethod(services.allocation_create)

    def get_queryset(self):
        from django.utils import timezone

        return (
            Allocation.objects.visible_to(self.request.user)
            .select_related("project")
            .annotate(paid=paid_by(timezone.localdate()))
        )

    def update_service(self, instance, data):
        return services.allocation_update(allocation=instance, data=data)

    def delete_service(self, instance):
        services.allocation_delete(allocation=instance)


class DisbursementViewSet(ServiceModelViewSet):
    serializer_class = DisbursementSerializer
    filterset_class = DisbursementFilterSet
    ordering_fields = ["paid_on", "amount", "id"]
    create_service = staticmethod(services.disbursement_create)

    def get_queryset(self):
        return Disbursement.objects.visible_to(self.request.user).select_related("allocation")

    def update_service(self, instance, data):
        return services.disbursement_update(disbursement=instance, data=data)

    def delete_service(self, instance):
        services.disbursement_delete(disbursement=instance)


class BondLoanCombinationViewSet(ServiceModelViewSet):
    serializer_class = BondLoanCombinationSerializer
    filterset_class = BondLoanCombinationFilterSet
    create_service = staticmethod(services.bond_loan_combination_create)

    def get_queryset(self):
        return BondLoanCombination.objects.filter(
            bond__project__in=Project.objects.visible_to(self.request.user).values("pk")
        ).select_related("bond", "leveraged")


class MatchmakingEventViewSet(ServiceModelViewSet):
    serializer_class = MatchmakingEventSerializer
    filterset_class = MatchmakingEventFilterSet
    create_service = staticmethod(services.matchmaking_event_create)
    queryset = MatchmakingEvent.objects.all()


class CreditLineViewSet(ServiceModelViewSet):
    serializer_class = CreditLineSerializer
    filterset_class = CreditLineFilterSet
    create_service = staticmethod(services.credit_line_create)

    def get_queryset(self):
        return CreditLine.objects.visible_to(self.request.user).select_related("project", "event")


class FundApplicationViewSet(ServiceModelViewSet):
    serializer_class = FundApplicationSerializer
    filterset_class = FundApplicationFilterSet
    create_service = staticmethod(services.fund_application_create)

    def get_queryset(self):
        return FundApplication.objects.visible_to(self.request.user).select_related("project", "allocation")


class OC4IDSView(APIView):
    """The OC4IDS 0.9 project package of the projects the user may see, filtered with the
    project-list parameters (the register's ProjectFilterSet)."""

    @extend_schema(
        parameters=[OpenApiParameter(name, OpenApiTypes.STR) for name in ProjectFilterSet.base_filters],
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        filterset = ProjectFilterSet(request.GET, queryset=Project.objects.visible_to(request.user))
        if not filterset.is_valid():
            return Response(filterset.errors, status=400)
        projects = filterset.qs
        package = oc4ids.project_package(projects=projects, base_url=request.build_absolute_uri("/"))
        return HttpResponse(oc4ids.dumps(package), content_type="application/json; charset=utf-8")
