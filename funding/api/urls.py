from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("allocations", views.AllocationViewSet, basename="allocation")
router.register("disbursements", views.DisbursementViewSet, basename="disbursement")
router.register("bond-loan-combinations", views.BondLoanCombinationViewSet, basename="bondloancombination")
router.register("matchmaking-events", views.MatchmakingEventViewSet, basename="matchmakingevent")
router.register("credit-lines", views.CreditLineViewSet, basename="creditline")
router.register("fund-applications", views.FundApplicationViewSet, basename="fundapplication")

urlpatterns = [path("oc4ids/", views.OC4IDSView.as_view(), name="oc4ids")] + router.urls
