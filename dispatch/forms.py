from django import forms
from django.utils.translation import gettext_lazy as _

from dispatch.choices import WarningNoticeKindChoices
from dispatch.models import DEFAULT_RULE_THRESHOLDS, Exemption
from projects.models import Project

THRESHOLD_LABELS = {
    "yellow_from_months": _("Yellow from (months)"),
    "red_from_months": _("Red from (months)"),
    "yellow_lag_pts": _("Yellow from (points behind)"),
    "red_lag_pts": _("Red above (points behind)"),
    "days_after_receipt": _("Days after receipt"),
    "required_rate_pct": _("Required payment rate (%)"),
    "red_above_months": _("Red above (months)"),
    "red_above_days": _("Red above (days overdue)"),
}


class AlertRuleForm(forms.Form):
    """Enabled flag and one number field per threshold of the rule."""

    enabled = forms.BooleanField(label=_("Enabled"), required=False)

    def __init__(self, *args, rule, **kwargs):
        self.rule = rule
        initial = {"enabled": rule.enabled, **rule.effective_thresholds}
        super().__init__(*args, initial=initial, prefix=rule.code, **kwargs)
        for key in DEFAULT_RULE_THRESHOLDS.get(rule.code, {}):
            self.fields[key] = forms.DecimalField(label=THRESHOLD_LABELS.get(key, key), min_value=0, max_digits=8)

    def thresholds(self) -> dict:
        values = {}
        for key in DEFAULT_RULE_THRESHOLDS.get(self.rule.code, {}):
            value = self.cleaned_data[key]
            values[key] = int(value) if value == int(value) else float(value)
        return values


class ExemptionForm(forms.ModelForm):
    project = forms.ModelChoiceField(
        label=_("Project code"), queryset=Project.objects.all(), to_field_name="code", widget=forms.TextInput
    )

    class Meta:
        model = Exemption
        fields = ["project", "rule", "reason", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user)


class NoticeIssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=WarningNoticeKindChoices.choices, initial=WarningNoticeKindChoices.SUPERVISION
    )
    working_days = forms.IntegerField(
        label=_("Reply within (working days)"), min_value=1, max_value=60, initial=10, required=False
    )


class NoticeReplyForm(forms.Form):
    reply = forms.CharField(label=_("Rectification plan"), widget=forms.Textarea(attrs={"rows": 6}))


class JobStartForm(forms.Form):
    job = forms.ChoiceField(label=_("Job"))
    month = forms.RegexField(label=_("Month"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", help_text=_("YYYY-MM"))

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].choices = list(jobs.items())


def styled(form):
    """Bootstrap classes on every widget (the templates render widgets directly)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = css
    return form
