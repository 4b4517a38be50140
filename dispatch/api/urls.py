from rest_framework.routers import DefaultRouter

from .views_support import InspectionViewSet, SupportCaseLogEntryViewSet, SupportCaseViewSet

router = DefaultRouter(trailing_slash=True)
router.register("support-cases", SupportCaseViewSet, basename="support-case")
router.register("support-case-log", SupportCaseLogEntryViewSet, basename="support-case-log")
router.register("inspections", InspectionViewSet, basename="inspection")

urlpatterns = router.urls
