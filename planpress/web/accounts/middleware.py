"""A first sign-in (or a password an administrator set) must be replaced before anything else."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password and user.has_usable_password():
            allowed = (reverse("accounts:password"), reverse("accounts:logout"))
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password")
        return self.get_response(request)
