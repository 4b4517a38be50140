"""API representations of support cases, their log and inspections (DESIGN.md section 7)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
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
