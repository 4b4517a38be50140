from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dispatch.models import Alert, Exemption, Ranking, WarningNotice
from projects.models import Project
from projects.selectors.figures import round_pct


class ReasonSerializer(serializers.Serializer):
    rule = serializers.CharField()
    level = serializers.CharField()
    message = serializers.CharField()
    figures = serializers.DictField()


class AlertSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    district = serializers.SlugRelatedField(source="project.district", slug_field="code", read_only=True)
    department = serializers.SlugRelatedField(source="project.department", slug_field="code", read_only=True)
    reasons = ReasonSerializer(many=True, read_only=True)

    class Meta:
        model = Alert
        fields = ["project", "project_name", "district", "department", "month", "level", "reasons", "computed_at"]


def _pct(value):
    rounded = round_pct(value)
    return None if rounded is None else float(rounded)


class RankingSerializer(serializers.ModelSerializer):
    entity = serializers.SerializerMethodField()
    completion_pct = serializers.SerializerMethodField()
    lead_pts = serializers.SerializerMethodField()
    start_rate_pct = serializers.SerializerMethodField()
    timely_rate_pct = serializers.SerializerMethodField()

    class Meta:
        model = Ranking
        fields = [
            "month",
            "dimension",
            "entity",
            "name",
            "project_count",
            "annual_plan",
            "completed",
            "completion_pct",
            "lead_pts",
            "rank",
            "previous_rank",
            "published",
            "start_rate_pct",
            "red_count",
            "yellow_count",
            "timely_rate_pct",
        ]

    @extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
    def get_entity(self, obj):
        """District and department codes; leaders by their id (an integer, as in `leaders`)."""
        if obj.dimension == "leader" and obj.entity.isdigit():
            return int(obj.entity)
        return obj.entity

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_completion_pct(self, obj):
        return _pct(obj.completion_pct)

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_lead_pts(self, obj):
        return _pct(obj.lead_pts)

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_start_rate_pct(self, obj):
        return _pct(obj.start_rate_pct)

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_timely_rate_pct(self, obj):
        return _pct(obj.timely_rate_pct)


class VisibleProjectField(serializers.SlugRelatedField):
    """A project by code, among the projects the requesting user may see."""

    def get_queryset(self):
        return Project.objects.visible_to(self.context["request"].user)


class WarningNoticeSerializer(serializers.ModelSerializer):
    project = VisibleProjectField(slug_field="code")
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    overdue = serializers.SerializerMethodField()
    reasons = serializers.CharField(required=False, allow_blank=True)
    rectification_reply = serializers.CharField(source="reply", read_only=True)

    class Meta:
        model = WarningNotice
        fields = [
            "id",
            "number",
            "kind",
            "project",
            "alert",
            "month",
            "department",
            "reasons",
            "issued_at",
            "deadline",
            "reply",
            "rectification_reply",
            "replied_at",
            "status",
            "closed_at",
            "reissued_from",
            "overdue",
        ]
        read_only_fields = [
            "number",
            "month",
            "issued_at",
            "reply",
            "replied_at",
            "status",
            "closed_at",
            "reissued_from",
        ]
        extra_kwargs = {"deadline": {"required": False}, "alert": {"required": False}}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj):
        return obj.is_overdue()

    def validate(self, attrs):
        alert = attrs.get("alert")
        if alert and alert.project_id != attrs["project"].pk:
            raise serializers.ValidationError({"alert": "This alert belongs to another project."})
        if not (attrs.get("reasons") or "").strip() and not alert:
            raise serializers.ValidationError({"reasons": "Give the reasons, or the alert they come from."})
        return attrs


class NoticeReplySerializer(serializers.Serializer):
    reply = serializers.CharField(required=False)
    rectification_reply = serializers.CharField(required=False)

    def validate(self, attrs):
        text = attrs.get("reply") or attrs.get("rectification_reply")
        if not text:
            raise serializers.ValidationError({"reply": "Describe the rectification plan."})
        return {"reply": text}


class NoticeReissueSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WarningNotice._meta.get_field("kind").choices, required=False)


class ExemptionSerializer(serializers.ModelSerializer):
    project = VisibleProjectField(slug_field="code")
    granted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Exemption
        fields = ["id", "project", "rule", "reason", "valid_from", "valid_until", "granted_by", "granted_at"]
        read_only_fields = ["granted_at"]

    def validate(self, attrs):
        instance = Exemption(**{**({} if self.instance is None else self._current()), **attrs})
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs

    def _current(self):
        return {f: getattr(self.instance, f) for f in ("project", "rule", "reason", "valid_from", "valid_until")}
