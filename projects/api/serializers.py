"""API representations of DESIGN.md section 7: field names and codes are a contract."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from portfolio.models import Department, District, Leader

from .. import services
from ..models import AnnualPlan, IndustryChain, Milestone, MonthlyReport, Project


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A model or service ValidationError as DRF's 400 with a message per field."""
    if hasattr(error, "error_dict"):
        detail = {}
        for name, messages in error.message_dict.items():
            key = "non_field_errors" if name == "__all__" else name
            key = "monthly_plan" if key.startswith("plan_m") else key
            detail.setdefault(key, []).extend(messages)
        return serializers.ValidationError(detail)
    return serializers.ValidationError({"non_field_errors": error.messages})


def visible_projects(serializer):
    request = serializer.context.get("request")
    return Project.objects.visible_to(getattr(request, "user", None))


class VisibleProjectField(serializers.SlugRelatedField):
    """A project by code, among those the requesting user may see (others do not exist)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return visible_projects(self.parent)


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name", "kind"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name", "short_name"]


class LeaderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "name", "title", "is_active"]


class ActiveLeaderField(serializers.PrimaryKeyRelatedField):
    """Reads the id of the active 包保 leader; writing assigns that leader."""

    def get_attribute(self, instance):
        if hasattr(instance, "leader_id_active"):
            pk = instance.leader_id_active
        else:
            active = instance.leader_assignments.filter(ended_on__isnull=True).values_list("leader_id", flat=True)
            pk = active.first()
        return PKOnlyObject(pk=pk) if pk else None


class ProjectSerializer(serializers.ModelSerializer):
    industry_chain = serializers.SlugRelatedField(
        slug_field="code", queryset=IndustryChain.objects.all(), allow_null=True, required=False
    )
    district = serializers.SlugRelatedField(slug_field="code", queryset=District.objects.all())
    department = serializers.SlugRelatedField(slug_field="code", queryset=Department.objects.all())
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Project.objects.all(), allow_null=True, required=False
    )
    leader = ActiveLeaderField(queryset=Leader.objects.all(), allow_null=True, required=False)
    stage_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text="Why the stage changed (kept in its history)."
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "level",
            "is_top100",
            "category",
            "industry_chain",
            "stage",
            "district",
            "department",
            "leader",
            "owner",
            "total_investment",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "is_registered",
            "registered_on",
            "is_benchmark",
            "construction_model",
            "address",
            "latitude",
            "longitude",
            "description",
            "parent",
            "stage_reason",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["code"].read_only = True
        return fields

    def create(self, validated_data):
        user = self.context["request"].user
        leader = validated_data.pop("leader", None)
        reason = validated_data.pop("stage_reason", "")
        try:
            return services.project_create(user=user, leader=leader, stage_reason=reason, **validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error) from error

    def update(self, instance, validated_data):
        user = self.context["request"].user
        has_leader = "leader" in validated_data
        leader = validated_data.pop("leader", None)
        reason = validated_data.pop("stage_reason", "")
        try:
            project = services.project_update(project=instance, user=user, stage_reason=reason, **validated_data)
            if has_leader:
                services.project_set_leader(project=project, leader=leader, user=user)
                project.leader_id_active = leader.pk if leader else None
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return project


class AnnualPlanSerializer(serializers.ModelSerializer):
    project = VisibleProjectField()
    monthly_plan = serializers.ListField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0),
        min_length=12,
        max_length=12,
        allow_null=True,
        required=False,
        help_text="Twelve monthly amounts in 万元 whose sum is planned_investment, or null.",
    )

    class Meta:
        model = AnnualPlan
        fields = ["id", "project", "year", "nature", "planned_investment", "planned_start_month", "monthly_plan"]
        validators = []  # the (project, year) rule is checked by the service with a field message

    def _save(self, validated_data, plan=None):
        data = {
            "project": validated_data.get("project", getattr(plan, "project", None)),
            "year": validated_data.get("year", getattr(plan, "year", None)),
            "nature": validated_data.get("nature", getattr(plan, "nature", None)),
            "planned_investment": validated_data.get("planned_investment", getattr(plan, "planned_investment", None)),
            "planned_start_month": validated_data.get(
                "planned_start_month", getattr(plan, "planned_start_month", None)
            ),
            "monthly_plan": validated_data.get("monthly_plan", getattr(plan, "monthly_plan", None)),
        }
        if plan is None and AnnualPlan.objects.filter(project=data["project"], year=data["year"]).exists():
            raise serializers.ValidationError({"year": [_("This project already has a plan for that year.")]})
        if (
            plan is not None
            and AnnualPlan.objects.filter(project=data["project"], year=data["year"]).exclude(pk=plan.pk).exists()
        ):
            raise serializers.ValidationError({"year": [_("This project already has a plan for that year.")]})
        try:
            return services.annual_plan_upsert(plan=plan, **data)
        except DjangoValidationError as error:
            raise as_api_error(error) from error

    def create(self, validated_data):
        return self._save(validated_data)

    def update(self, instance, validated_data):
        return self._save(validated_data, plan=instance)


class MonthlyReportSerializer(serializers.ModelSerializer):
    project = VisibleProjectField()
    filed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "project",
            "month",
            "completed_investment",
            "progress",
            "problems",
            "next_steps",
            "status",
            "justification",
            "return_reason",
            "filed_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
        ]
        read_only_fields = ["return_reason", "submitted_at", "reviewed_at"]
        validators = []  # one report per project and month: the service answers with a field message
        extra_kwargs = {"completed_investment": {"min_value": None}}

    def validate(self, attrs):
        if self.instance is not None:
            for name in ("project", "month"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: [_("This cannot be changed; file a new report.")]})
        return attrs

    def _save(self, validated_data, report=None):
        user = self.context["request"].user

        def value(name, default=""):
            return validated_data.get(name, getattr(report, name, default) if report else default)

        try:
            return services.monthly_report_save(
                user=user,
                project=value("project", None),
                month=value("month", None),
                completed_investment=value("completed_investment", None),
                progress=value("progress"),
                problems=value("problems"),
                next_steps=value("next_steps"),
                justification=value("justification"),
                status=value("status", "draft"),
                report=report,
                create_only=report is None,
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error

    def create(self, validated_data):
        return self._save(validated_data)

    def update(self, instance, validated_data):
        return self._save(validated_data, report=instance)


class MilestoneSerializer(serializers.ModelSerializer):
    project = VisibleProjectField()

    class Meta:
        model = Milestone
        fields = ["id", "project", "kind", "name", "planned_date", "actual_date", "note"]

    def create(self, validated_data):
        try:
            return services.milestone_create(**validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error) from error

    def update(self, instance, validated_data):
        if "project" in validated_data and validated_data["project"] != instance.project:
            raise serializers.ValidationError({"project": [_("This cannot be changed.")]})
        try:
            return services.milestone_update(milestone=instance, **validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error) from error
