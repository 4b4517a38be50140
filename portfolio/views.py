from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse

from .forms import PortalAuthenticationForm


class PortalLoginView(auth_views.LoginView):
    form_class = PortalAuthenticationForm
    redirect_authenticated_user = True


class PortalLogoutView(auth_views.LogoutView):
    pass


def health(request):
    """Liveness for the container healthcheck: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
