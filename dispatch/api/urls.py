from rest_framework.routers import DefaultRouter

from .views import AlertViewSet, ExemptionViewSet, RankingViewSet, WarningNoticeViewSet

router = DefaultRouter(trailing_slash=True)
router.register("alerts", AlertViewSet, basename="alert")
router.register("rankings", RankingViewSet, basename="ranking")
router.register("warning-notices", WarningNoticeViewSet, basename="warning-notice")
router.register("exemptions", ExemptionViewSet, basename="exemption")

urlpatterns = router.urls
