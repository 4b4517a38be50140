"""Role gates for pages. Which objects a user reaches is `Project.objects.visible_to`; these
only refuse whole pages to roles that may not use them (403)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class OfficeRequiredMixin(LoginRequiredMixin):
    """Pages that change the portal's data for everyone: office staff and administrators."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_office:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FilerRequiredMixin(LoginRequiredMixin):
    """Pages of the filing desk: department and district staff."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_filer:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
