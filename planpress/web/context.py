"""What every page's header shows: the signed-in person, their roles, what they may reach."""

from __future__ import annotations

from django.conf import settings


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": None}
    from .documents import access

    return {"nav": {
        "name": user.shown_name,
        "roles": "、".join(user.roles),
        "may_create": access.may_create(user),
        "may_audit": user.has_role("controller") or user.has_role("admin"),
        "may_admin": user.has_role("admin") and user.is_staff,
        "project": settings.PLANPRESS_ROOT.name,
    }}
