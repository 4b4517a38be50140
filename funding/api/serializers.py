"""Serializers with the field names of DESIGN.md section 7. Writes are validated here for shape
and by the services (via `Model.clean()`) for rules; see api/views.py."""

from rest_framework import serializers

from projects.models import Project

from ..models import Allocation, BondLoanCombination, CreditLine, Disbursement, FundApplication, MatchmakingEvent


class ScopedProjectField(serializers.SlugRelatedField):
    """A project by code, chosen among the projects the requesting user may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return Project.objects.visible_to(request.user if request else None)


class ScopedAllocationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return Allocation.objects.visible_to(request.user if request else None)


class AllocationSerializer(serializers.ModelSerializer):
    project = ScopedProjectField()
    paid = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "project", "kind", "year", "document_no", "amount", "received_on", "batch", "purpose", "paid"]


class DisbursementSerializer(serializers.ModelSerializer):
    allocation = ScopedAllocationField()

    class Meta:
        model = Disbursement
        fields = ["id", "allocation", "amount", "paid_on", "note"]


class BondLoanCombinationSerializer(serializers.ModelSerializer):
    bond = ScopedAllocationField()
    leveraged = ScopedAllocationField()

    class Meta:
        model = BondLoanCombination
        fields = ["id", "bond", "leveraged", "amount", "note"]


class MatchmakingEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchmakingEvent
        fields = ["id", "name", "date", "place"]


class CreditLineSerializer(serializers.ModelSerializer):
    project = ScopedProjectField(required=False, allow_null=True)
    event = serializers.PrimaryKeyRelatedField(queryset=MatchmakingEvent.objects.all(), required=False, allow_null=True)

    class Meta:
        model = CreditLine
        fields = ["id", "bank", "project", "enterprise", "amount", "event", "granted_on"]


class FundApplicationSerializer(serializers.ModelSerializer):
    project = ScopedProjectField()
    allocation = ScopedAllocationField(required=False, allow_null=True)

    class Meta:
        model = FundApplication
        fields = [
            "id",
            "project",
            "programme",
            "kind",
            "amount_requested",
            "status",
            "submitted_on",
            "allocation",
            "note",
        ]
