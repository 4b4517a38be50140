"""Forms of the support pages: raising and working cases, meetings, inspections, settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.models import Department
from projects.models import Project

from .choices import SupportCaseCategoryChoices, SupportCaseLevelChoices
from .models import InspectionVisit


def styled(form):
    """Give every widget its Bootstrap class, so templates can render fields as they come."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ProjectCodeField(forms.CharField):
    """A project typed by its code, limited to the projects the user may see."""

    def __init__(self, *args, projects=None, **kwargs):
        self.projects = projects if projects is not None else Project.objects.none()
        kwargs.setdefault("label", _("project code"))
        super().__init__(*args, max_length=30, **kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        project = self.projects.filter(code=code).first()
        if project is None:
            raise forms.ValidationError(_("No project %(code)s in your scope.") % {"code": code})
        return project


class CaseRaiseForm(StyledForm):
    project = ProjectCodeField()
    category = forms.ChoiceField(label=_("category"), choices=SupportCaseCategoryChoices.choices)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}))
    land_mu = forms.DecimalField(
        label=_("land concerned (mu)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    attachment = forms.FileField(label=_("attachment"), required=False)
    level = forms.ChoiceField(label=_("level"), choices=SupportCaseLevelChoices.choices, required=False)
    owner_department = forms.ModelChoiceField(
        label=_("owning department"), queryset=Department.objects.all(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].projects = Project.objects.visible_to(user)
        self.fields["project"].widget.attrs.update({"list": "project-codes", "autocomplete": "off"})
        if not user.is_office:
            # Departments and districts raise at their own level; the office may place a case.
            del self.fields["level"]
            del self.fields["owner_department"]

    def clean(self):
        data = super().clean()
        if data.get("land_mu") is not None and data.get("category") != SupportCaseCategoryChoices.LAND:
            self.add_error("land_mu", _("Only land cases record an area in mu."))
        return data


class NoteForm(StyledForm):
    note = forms.CharField(label=_("note"), widget=TEXT, required=False)


class CommentForm(NoteForm):
    attachment = forms.FileField(label=_("attachment"), required=False)


class ResolveForm(StyledForm):
    resolution = forms.CharField(label=_("resolution"), widget=TEXT)
    resolved_on = forms.DateField(label=_("resolved on"), required=False, widget=DATE)
    land_mu = forms.DecimalField(
        label=_("land secured or revitalised (mu)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    attachment = forms.FileField(label=_("attachment"), required=False)


class ReassignForm(StyledForm):
    owner_department = forms.ModelChoiceField(label=_("assign to"), queryset=Department.objects.all())
    deadline = forms.DateField(label=_("deadline"), widget=DATE)
    note = forms.CharField(label=_("note"), widget=TEXT, required=False)


class MeetingForm(StyledForm):
    date = forms.DateField(label=_("date"), widget=DATE)
    title = forms.CharField(label=_("meeting title"), max_length=200)
    chair = forms.CharField(label=_("chair"), max_length=100, required=False)
    location = forms.CharField(label=_("location"), max_length=200, required=False)


class DecisionForm(StyledForm):
    decision = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))
    assignee = forms.ModelChoiceField(
        label=_("assigned to"), queryset=Department.objects.all(), required=False, empty_label=_("(department)")
    )
    deadline = forms.DateField(label=_("deadline"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if bool(data.get("assignee")) != bool(data.get("deadline")):
            self.add_error("deadline", _("Give both the assignee department and the deadline, or neither."))
        return data


class MinutesForm(StyledForm):
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False)


class InspectionForm(StyledForm):
    date = forms.DateField(label=_("date"), widget=DATE)
    title = forms.CharField(label=_("inspection title"), max_length=200)
    inspectors = forms.CharField(label=_("inspectors"), max_length=300)
    summary = forms.CharField(label=_("summary"), widget=TEXT, required=False)


class VisitForm(StyledForm):
    project = ProjectCodeField()
    rating = forms.ChoiceField(label=_("rating"), choices=InspectionVisit._meta.get_field("rating").choices)
    score = forms.IntegerField(label=_("score"), min_value=0, max_value=100, required=False)
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].projects = Project.objects.visible_to(user)


class FindingForm(StyledForm):
    description = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("category"), choices=SupportCaseCategoryChoices.choices)


class PhotoForm(StyledForm):
    image = forms.ImageField(label=_("photo"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)


class ServiceLevelForm(StyledForm):
    working_days = forms.IntegerField(label=_("working days to resolve"), min_value=1, max_value=365)
    department = forms.ModelChoiceField(
        label=_("handling department"), queryset=Department.objects.all(), required=False
    )


class SupportSettingsForm(StyledForm):
    baseline_days = forms.IntegerField(label=_("usual days from approval to start"), min_value=1, max_value=3650)
    land_target_mu = forms.DecimalField(
        label=_("this year's land target (mu)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
