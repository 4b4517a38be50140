"""Forms of the register pages. They collect input; the services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.models import Leader, User

from .models import MONTH_PLAN_FIELDS, AnnualPlan, Milestone, Project, ResponsibleParty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_error(self, field, error):
        super().add_error(field, error)
        # Mark every field that now has an error so that Bootstrap outlines it.
        for name in self.errors:
            if name in self.fields:
                css = self.fields[name].widget.attrs.get("class", "")
                if "is-invalid" not in css:
                    self.fields[name].widget.attrs["class"] = f"{css} is-invalid".strip()

    def add_service_errors(self, error):
        """Show a service's ValidationError beside the fields it names."""
        for name, messages in error.message_dict.items():
            target = name if name in self.fields else None
            if name.startswith("plan_m") and "plan_m01" in self.fields:
                target = "plan_m01"
            for message in messages:
                self.add_error(target, message)


class ProjectForm(BootstrapMixin, forms.ModelForm):
    stage_reason = forms.CharField(label=_("Reason for the stage change"), required=False, widget=forms.TextInput())

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
            "owner",
            "total_investment",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "address",
            "latitude",
            "longitude",
            "construction_model",
            "is_benchmark",
            "is_registered",
            "registered_on",
            "description",
            "parent",
            "commissioner",
        ]
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "actual_start": DATE,
            "actual_end": DATE,
            "registered_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["code", "name", "level", "is_top100", "category", "industry_chain", "stage", "stage_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].queryset = User.objects.filter(role__in=("office", "admin"), is_active=True)
        parents = Project.objects.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["code"].disabled = True
        self.fields["parent"].queryset = parents


class AnnualPlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", "nature", "planned_investment", "planned_start_month", *MONTH_PLAN_FIELDS]


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "name", "planned_date", "actual_date", "note"]
        widgets = {"planned_date": DATE, "actual_date": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class SetLeaderForm(BootstrapMixin, forms.Form):
    leader = forms.ModelChoiceField(
        label=_("City leader"),
        queryset=Leader.objects.filter(is_active=True),
        required=False,
        empty_label=_("(no leader)"),
    )
    started_on = forms.DateField(label=_("From"), required=False, widget=DATE)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 2}))


class PhotoForm(BootstrapMixin, forms.Form):
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 5 MB)"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class SpreadsheetUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class ResponsiblePartyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ResponsibleParty
        fields = ["role", "organisation", "contact_name", "contact_phone"]


ResponsiblePartyFormSet = forms.inlineformset_factory(
    Project,
    ResponsibleParty,
    form=ResponsiblePartyForm,
    extra=5,
    max_num=5,
    can_delete=True,
    validate_max=True,
)


def party_formset(data=None, instance=None):
    """The five responsible parties (五方责任主体) on the project form; blank rows are ignored."""
    existing = instance.responsible_parties.count() if instance and instance.pk else 0
    formset = ResponsiblePartyFormSet(data, instance=instance or Project(), prefix="parties")
    formset.extra = max(0, 5 - existing)
    return formset
