from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("new/", views.ProjectFormView.as_view(), name="project_create"),
    path("import/", views.ProjectImportView.as_view(), name="project_import"),
    path("filing/", views.FilingDeskView.as_view(), name="filing_desk"),
    path("filing/template/", views.TemplateDownloadView.as_view(), name="filing_template"),
    path("filing/upload/", views.TemplateUploadView.as_view(), name="filing_upload"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("reports/<int:pk>/photos/", views.ReportPhotoView.as_view(), name="report_photo"),
    path("<str:code>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<str:code>/edit/", views.ProjectFormView.as_view(), name="project_update"),
    path("<str:code>/leader/", views.SetLeaderView.as_view(), name="project_leader"),
    path("<str:code>/plans/new/", views.AnnualPlanFormView.as_view(), name="plan_create"),
    path("<str:code>/plans/<int:pk>/", views.AnnualPlanFormView.as_view(), name="plan_update"),
    path("<str:code>/milestones/new/", views.MilestoneFormView.as_view(), name="milestone_create"),
    path("<str:code>/milestones/<int:pk>/", views.MilestoneFormView.as_view(), name="milestone_update"),
]
