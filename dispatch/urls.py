from django.urls import include, path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("alerts/", views.AlertBoardView.as_view(), name="alert_board"),
    path("alerts/export/", views.AlertExportView.as_view(), name="alert_export"),
    path("projects/<str:code>/alerts/", views.ProjectAlertsPanelView.as_view(), name="project_alerts"),
    path("panels/dashboard/", views.DashboardPanelView.as_view(), name="dashboard_panel"),
    path("rules/", views.AlertRuleListView.as_view(), name="rule_list"),
    path("exemptions/", views.ExemptionListView.as_view(), name="exemption_list"),
    path("exemptions/new/", views.ExemptionCreateView.as_view(), name="exemption_create"),
    path("notices/", views.NoticeListView.as_view(), name="notice_list"),
    path("notices/export/", views.NoticeExportView.as_view(), name="notice_export"),
    path("notices/issue/", views.NoticeIssueView.as_view(), name="notice_issue"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path("notices/<int:pk>/docx/", views.NoticeDocxView.as_view(), name="notice_docx"),
    path("notices/<int:pk>/<str:verb>/", views.NoticeActionView.as_view(), name="notice_action"),
    path("rankings/", views.RankingBoardView.as_view(), name="rankings"),
    path("rankings/export/", views.RankingExportView.as_view(), name="rankings_export"),
    path("rankings/publish/", views.RankingPublishView.as_view(), name="rankings_publish"),
    path("rankings/republish/", views.RankingRepublishView.as_view(), name="rankings_republish"),
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/start/", views.JobStartView.as_view(), name="job_start"),
    path("jobs/<int:pk>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("support/", include("dispatch.urls_support")),
]
