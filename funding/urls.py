from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("oc4ids.json", views.OC4IDSDownloadView.as_view(), name="oc4ids_download"),
    path("allocations/", views.AllocationListView.as_view(), name="allocation_list"),
    path("allocations/new/", views.AllocationCreateView.as_view(), name="allocation_create"),
    path("allocations/import/", views.AllocationImportView.as_view(), name="allocation_import"),
    path("disbursements/", views.DisbursementListView.as_view(), name="disbursement_list"),
    path("disbursements/new/", views.DisbursementCreateView.as_view(), name="disbursement_create"),
    path("events/", views.MatchmakingEventListView.as_view(), name="event_list"),
    path("applications/", views.ApplicationPipelineView.as_view(), name="application_pipeline"),
    path("projects/<str:code>/", views.ProjectPanelView.as_view(), name="project_panel"),
]
