from rest_framework.permissions import SAFE_METHODS, IsAuthenticated


class PortalRolePermission(IsAuthenticated):
    """Authenticated users read; office and admin write; other roles write only where a view
    names them in `write_roles`. Which objects a user reaches is decided by `visible_to`."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return user.is_office or user.role in getattr(view, "write_roles", ())
