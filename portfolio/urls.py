from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from projects.views_figures import DashboardView

from . import views

urlpatterns = [
    # The city dashboard (驾驶舱) is every role's home page.
    path("", DashboardView.as_view(), name="home"),
    path("healthz", views.health, name="health"),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", views.PortalLogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("projects/", include("projects.urls")),
    path("figures/", include("projects.urls_figures")),
    path("funding/", include("funding.urls")),
    path("dispatch/", include("dispatch.urls")),
    path("api/v1/", include("portfolio.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
