app_name = "dispatch"

urlpatterns = []
