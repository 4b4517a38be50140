"""API representations of support cases, their log and inspections (DESIGN.md section 7)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portfolio.models import Department
from projects.models import Project

from .. import support_services as services
from ..choices import SupportCaseStatusChoices
from ..models import Inspection, InspectionFinding, InspectionVisit, SupportCase, SupportCaseLogEntry


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": error.messages})


@extend_schema_field(OpenApiTypes.STR)
class VisibleProjectField(serializers.SlugRelatedField):
    """A project by code among those the requesting user may see."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return Project.objects.visible_to(getattr(request, "user", None))


class SupportCaseSerializer(serializers.ModelSerializer):
    """Creating a case raises it (its clock comes from the service level); changing `status`
    moves it through its steps: in_progress (take up), escalated (one level up), resolved (with
    `resolution`), closed."""

    project = VisibleProjectField()
    owner_department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False
    )
    level = serializers.ChoiceField(choices=SupportCase._meta.get_field("level").choices, required=False)
    status = serializers.ChoiceField(choices=SupportCaseStatusChoices.choices, required=False)
    resolved_on = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = SupportCase
        fields = [
            "id",
            "project",
            "category",
            "description",
            "level",
            "owner_department",
            "due_date",
            "status",
            "resolution",
            "resolved_on",
            "source",
            "raised_at",
            "due_at",
            "land_mu",
            "resolved_at",
        ]
        read_only_fields = ["id", "due_date", "source", "raised_at", "due_at", "resolved_at"]

    def validate(self, attrs):
        if (
            self.instance is None
            and attrs.get("status", SupportCaseStatusChoices.OPEN) != SupportCaseStatusChoices.OPEN
        ):
            raise serializers.ValidationError({"status": _("A new case starts open.")})
        if self.instance is not None:
            frozen = {"project", "category", "description", "level", "owner_department"} & set(attrs)
            changed = [f for f in frozen if attrs[f] != getattr(self.instance, f)]
            if changed:
                raise serializers.ValidationError(
                    {f: _("Change this through the case's steps, not by editing it.") for f in changed}
                )
        return attrs

    def create(self, validated_data):
        user = self.context["request"].user
        try:
            return services.case_raise(
                project=validated_data["project"],
                category=validated_data["category"],
                description=validated_data["description"],
                level=validated_data.get("level"),
                owner_department=validated_data.get("owner_department"),
                land_mu=validated_data.get("land_mu"),
                actor=user,
            )
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc

    def update(self, instance, validated_data):
        user = self.context["request"].user
        status = validated_data.get("status", instance.status)
        try:
            if status == instance.status:
                return instance
            if status == SupportCaseStatusChoices.IN_PROGRESS:
                return services.case_take(case=instance, actor=user)
            if status == SupportCaseStatusChoices.ESCALATED:
                return services.case_escalate(case=instance, actor=user)
            if status == SupportCaseStatusChoices.RESOLVED:
                return services.case_resolve(
                    case=instance,
                    actor=user,
                    resolution=validated_data.get("resolution", ""),
                    resolved_on=validated_data.get("resolved_on"),
                    land_mu=validated_data.get("land_mu"),
                )
            if status == SupportCaseStatusChoices.CLOSED:
                return services.case_close(case=instance, actor=user)
            raise serializers.ValidationError({"status": _("A case cannot be moved back to open.")})
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc


class SupportCaseLogEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # Plain codes: the same level and status codes as a case's `level` and `status`.
    from_level = serializers.CharField(read_only=True)
    to_level = serializers.CharField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = SupportCaseLogEntry
        fields = ["id", "case", "action", "actor", "at", "from_level", "to_level", "from_status", "to_status", "note"]


class InspectionFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionFinding
        fields = ["id", "description", "category", "follow_up", "case"]


class InspectionVisitSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    findings = InspectionFindingSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionVisit
        fields = ["project", "rating", "score", "comment", "findings"]


class InspectionSerializer(serializers.ModelSerializer):
    visits = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "date", "title", "inspectors", "summary", "follow_up", "closed_on", "visits"]

    def get_visits(self, obj) -> list[dict]:
        # Only the sites the user may see: an inspection can cover projects of several districts.
        visible = self.context.get("visible_project_ids")
        visits = [v for v in obj.visits.all() if visible is None or v.project_id in visible]
        return InspectionVisitSerializer(visits, many=True, context=self.context).data


class InspectionFindingWriteSerializer(serializers.Serializer):
    description = serializers.CharField()
    category = serializers.ChoiceField(choices=InspectionFinding._meta.get_field("category").choices)


class InspectionVisitWriteSerializer(serializers.Serializer):
    project = VisibleProjectField()
    rating = serializers.ChoiceField(choices=InspectionVisit._meta.get_field("rating").choices)
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    findings = InspectionFindingWriteSerializer(many=True, required=False, default=list)


class InspectionCreateSerializer(serializers.Serializer):
    """An inspection recorded in one request: its sites with ratings and findings (office only)."""

    date = serializers.DateField()
    title = serializers.CharField(max_length=200)
    inspectors = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    visits = InspectionVisitWriteSerializer(many=True, required=False, default=list)

    def validate_visits(self, visits):
        codes = [v["project"].code for v in visits]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Each project is visited once per inspection."))
        return visits

    def create(self, validated_data):
        user = self.context["request"].user
        visits = validated_data.pop("visits")
        try:
            with transaction.atomic():
                inspection = services.inspection_create(actor=user, **validated_data)
                for visit_data in visits:
                    findings = visit_data.pop("findings")
                    visit = services.inspection_visit_add(inspection=inspection, actor=user, **visit_data)
                    for finding in findings:
                        services.inspection_finding_add(visit=visit, actor=user, **finding)
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return inspection
