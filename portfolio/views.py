from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.generic import TemplateView

from projects.models import Project
from projects.selectors.figures import plan_totals

from .forms import PortalAuthenticationForm


class PortalLoginView(auth_views.LoginView):
    form_class = PortalAuthenticationForm
    redirect_authenticated_user = True


class PortalLogoutView(auth_views.LogoutView):
    pass


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "portfolio/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        projects = Project.objects.visible_to(self.request.user)
        return super().get_context_data(
            year=today.year,
            month=today.month,
            totals=plan_totals(projects=projects, year=today.year, month=today.month),
            **kwargs,
        )


def health(request):
    """Liveness for the container healthcheck: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
