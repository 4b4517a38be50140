from django.conf import settings

from .navigation import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_areas": [], "issuing_office": settings.PORTAL_ISSUING_OFFICE}
    return {"nav_areas": navigation_for(user, request.path), "issuing_office": settings.PORTAL_ISSUING_OFFICE}
