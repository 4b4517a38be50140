from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import AnnualTarget, CityStatistic


class CityStatisticForm(forms.ModelForm):
    class Meta:
        model = CityStatistic
        fields = ["month", "fixed_asset_investment", "growth_pct"]
        widgets = {"month": forms.TextInput(attrs={"placeholder": "YYYY-MM", "inputmode": "numeric"})}

    def validate_unique(self):
        # Saving a month that exists replaces it (city_statistic_save), so no uniqueness error here.
        pass


class AnnualTargetForm(forms.ModelForm):
    class Meta:
        model = AnnualTarget
        fields = ["year", "metric", "target_value", "manual_value", "note"]
        help_texts = {"target_value": _("In the metric's unit: %, 100 million yuan, projects, mu or persons.")}
