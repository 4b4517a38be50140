"""Support-case, meeting and inspection pages, included under /dispatch/support/."""

from django.urls import path

from . import views_support as views

urlpatterns = [
    path("", views.inbox, name="support_inbox"),
    path("cases/", views.case_list, name="support_cases"),
    path("cases/new/", views.case_raise, name="support_raise"),
    path("cases/<int:pk>/", views.case_detail, name="support_case"),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="support_case_action"),
    path("board/", views.board, name="support_board"),
    path("approval-speed/", views.approval_speed, name="support_approval_speed"),
    path("settings/", views.settings_page, name="support_settings"),
    path("meetings/", views.meeting_list, name="support_meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="support_meeting"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="support_meeting_minutes"),
    path("meetings/<int:pk>/items/<int:item_pk>/", views.meeting_decide, name="support_meeting_decide"),
    path("meetings/<int:pk>/items/add/", views.meeting_add_case, name="support_meeting_add_case"),
    path("inspections/", views.inspection_list, name="support_inspections"),
    path("inspections/new/", views.inspection_create, name="support_inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="support_inspection"),
    path("inspections/<int:pk>/add/<slug:what>/", views.inspection_add, name="support_inspection_add"),
    path(
        "inspections/<int:pk>/findings/<int:finding_pk>/<slug:action>/",
        views.finding_action,
        name="support_finding_action",
    ),
    path("projects/<str:code>/panel/", views.project_panel, name="support_project_panel"),
]
