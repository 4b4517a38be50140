from rest_framework.routers import DefaultRouter

from .views import AlertViewSet, ExemptionViewSet, RankingViewSet, WarningNoticeViewSet
from .views_support import InspectionViewSet, SupportCaseLogEntryViewSet, SupportCaseViewSet

router = DefaultRouter(trailing_slash=True)
router.register("alerts", AlertViewSet, basename="alert")
router.register("rankings", RankingViewSet, basename="ranking")
router.register("warning-notices", WarningNoticeViewSet, basename="warning-notice")
router.register("exemptions", ExemptionViewSet, basename="exemption")
router.register("support-cases", SupportCaseViewSet, basename="support-case")
router.register("support-case-log", SupportCaseLogEntryViewSet, basename="support-case-log")
router.register("inspections", InspectionViewSet, basename="inspection")

urlpatterns = router.urls
