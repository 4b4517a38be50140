from django.urls import include, path

app_name = "dispatch"

urlpatterns = [
    path("support/", include("dispatch.urls_support")),
]
