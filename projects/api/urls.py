from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("districts", views.DistrictViewSet, basename="district")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("leaders", views.LeaderViewSet, basename="leader")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("annual-plans", views.AnnualPlanViewSet, basename="annualplan")
router.register("monthly-reports", views.MonthlyReportViewSet, basename="monthlyreport")
router.register("milestones", views.MilestoneViewSet, basename="milestone")

urlpatterns = router.urls
