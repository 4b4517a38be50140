"""Pages of the figures area, included under /figures/ (the dashboard itself is the home page)."""

from django.urls import path

from . import views_figures as views

app_name = "figures"

urlpatterns = [
    path("bulletin/", views.BulletinView.as_view(), name="bulletin"),
    path("bulletin/bulletin.docx", views.BulletinDocxView.as_view(), name="bulletin_docx"),
    path("bulletin/completion.xlsx", views.BulletinExcelView.as_view(), name="bulletin_xlsx"),
    path("city-statistics/", views.CityStatisticView.as_view(), name="city_statistics"),
    path("targets/", views.AnnualTargetView.as_view(), name="targets"),
]
