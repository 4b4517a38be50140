from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Project

from .models import Allocation, Disbursement


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields as they are."""

    def style_fields(self):
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class ProjectCodeField(forms.CharField):
    """A project typed by its code (there are too many for a select), within the user's scope."""

    def __init__(self, *, projects=None, **kwargs):
        self.projects = projects
        kwargs.setdefault("label", _("Project code"))
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        try:
            return self.projects.get(code=code)
        except Project.DoesNotExist as error:
            raise forms.ValidationError(
                _("No project with code %(code)s that you may see."), params={"code": code}
            ) from error


class AllocationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["kind", "year", "document_no", "batch", "amount", "received_on", "purpose"]
        widgets = {"received_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"] = ProjectCodeField(projects=Project.objects.visible_to(user))
        self.order_fields(["project", *self.Meta.fields])
        if self.instance.pk:
            self.fields["project"].initial = self.instance.project.code
        self.style_fields()


class DisbursementForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Disbursement
        fields = ["allocation", "amount", "paid_on", "note"]
        widgets = {"paid_on": DateInput()}

    def __init__(self, *args, user, allocations=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = allocations if allocations is not None else Allocation.objects.visible_to(user)
        field = self.fields["allocation"]
        field.queryset = queryset.select_related("project")
        field.label_from_instance = lambda a: (
            f"{a.project.code} {a.project.name} · {a.get_kind_display()} {a.document_no} · {a.amount}"
        )
        self.style_fields()


class AllocationImportForm(BootstrapMixin, forms.Form):
    batch = forms.CharField(label=_("Batch"), max_length=100, help_text=_("e.g. the document that announced it"))
    file = forms.FileField(label=_("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput())
