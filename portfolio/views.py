from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.views.generic import TemplateView

from projects.models import Project
from projects.selectors.figures import plan_totals

from .forms import PortalAuthenticationForm
from .months import parse_month, previous_month


class PortalLoginView(auth_views.LoginView):
    form_class = PortalAuthenticationForm
    redirect_authenticated_user = True


class PortalLogoutView(auth_views.LogoutView):
    pass


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "portfolio/home.html"

    def reporting_month(self) -> tuple[int, int]:
        """`?month=YYYY-MM`, or the last complete month: the current one is still being filed."""
        try:
            return parse_month(self.request.GET.get("month", ""))
        except ValueError:
            return parse_month(previous_month())

    def get_context_data(self, **kwargs):
        year, month = self.reporting_month()
        projects = Project.objects.visible_to(self.request.user)
        return super().get_context_data(
            year=year,
            month=month,
            totals=plan_totals(projects=projects, year=year, month=month),
            **kwargs,
        )


def health(request):
    """Liveness for the container healthcheck: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
