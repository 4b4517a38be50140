from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from dispatch import services
from dispatch.filtersets import AlertFilterSet, ExemptionFilterSet, RankingFilterSet, WarningNoticeFilterSet
from dispatch.models import Alert, Exemption, Ranking, WarningNotice

from .serializers import (
    AlertSerializer,
    ExemptionSerializer,
    NoticeReissueSerializer,
    NoticeReplySerializer,
    RankingSerializer,
    WarningNoticeSerializer,
)


def _as_api_error(exc: DjangoValidationError):
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    """Each listed project's level for a month with the reasons (DESIGN.md section 5)."""

    serializer_class = AlertSerializer
    filterset_class = AlertFilterSet
    ordering_fields = ["month", "level"]

    def get_queryset(self):
        return (
            Alert.objects.visible_to(self.request.user)
            .select_related("project", "project__district", "project__department")
            .order_by("-month", "project__code")
        )


class RankingViewSet(viewsets.ReadOnlyModelViewSet):
    """Rankings by month and dimension; other roles than the office see published months only."""

    serializer_class = RankingSerializer
    filterset_class = RankingFilterSet

    def get_queryset(self):
        return Ranking.objects.visible_to(self.request.user).order_by("-month", "dimension", "rank", "name")


class WarningNoticeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Warning notices: the office issues, closes and re-issues; the addressed department replies."""

    serializer_class = WarningNoticeSerializer
    filterset_class = WarningNoticeFilterSet
    write_roles = ("department", "district")  # replies only; issuing is checked below

    def get_queryset(self):
        return (
            WarningNotice.objects.visible_to(self.request.user)
            .select_related("project", "department")
            .order_by("-issued_at", "-id")
        )

    def _office_only(self):
        if not self.request.user.is_office:
            raise PermissionDenied("Only the project office issues, closes and re-issues notices.")

    def perform_create(self, serializer):
        self._office_only()
        data = serializer.validated_data
        try:
            serializer.instance = services.warning_notice_issue(
                project=data["project"],
                kind=data.get("kind") or "supervision",
                alert=data.get("alert"),
                reasons=data.get("reasons", ""),
                deadline=data.get("deadline"),
                issued_by=self.request.user,
            )
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc

    @extend_schema(request=NoticeReplySerializer, responses=WarningNoticeSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        notice = self.get_object()
        payload = NoticeReplySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.warning_notice_reply(notice=notice, reply=payload.validated_data["reply"], user=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc
        return Response(self.get_serializer(notice).data)

    @extend_schema(request=None, responses=WarningNoticeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        self._office_only()
        notice = services.warning_notice_close(notice=self.get_object(), user=request.user)
        return Response(self.get_serializer(notice).data)

    @extend_schema(request=NoticeReissueSerializer, responses=WarningNoticeSerializer)
    @action(detail=True, methods=["post"])
    def reissue(self, request, pk=None):
        self._office_only()
        payload = NoticeReissueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        notice = services.warning_notice_reissue(
            notice=self.get_object(), user=request.user, kind=payload.validated_data.get("kind")
        )
        return Response(self.get_serializer(notice).data, status=status.HTTP_201_CREATED)


class ExemptionViewSet(viewsets.ModelViewSet):
    """Exemptions (正当理由): granted by the office, read by everyone within their scope."""

    serializer_class = ExemptionSerializer
    filterset_class = ExemptionFilterSet

    def get_queryset(self):
        from projects.models import Project

        return (
            Exemption.objects.filter(project__in=Project.objects.visible_to(self.request.user).values("pk"))
            .select_related("project", "granted_by")
            .order_by("-valid_until", "-id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.exemption_create(granted_by=self.request.user, **data)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc

    def perform_update(self, serializer):
        try:
            serializer.instance = services.exemption_update(
                exemption=serializer.instance, user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc
