"""What every page's header shows: the signed-in person, their roles, what they may reach."""

from __future__ import annotations

from django.conf import settings


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": None}
    from .documents import access

    from .acknowledge.views import waiting_count

    return {"nav": {
        "reading": waiting_count(request),
        "name": user.shown_name,
        "roles": "、".join(user.roles),
        "may_create": access.may_create(user),
        "may_audit": user.has_role("controller") or user.has_role("admin"),
        "may_oversee_reading": user.has_role("controller") or user.has_role("admin"),
        "may_admin": user.has_role("admin") and user.is_staff,
        "project": settings.PLANPRESS_ROOT.name,
        "waiting": _waiting_count(user),
        "may_issue": user.has_role("admin"),
    }}


def _waiting_count(user) -> int:
    """The header's count on 待我签署 (signing/waiting.py; 0 on any trouble)."""
    from .documents import project
    from .signing import waiting

    try:
        return waiting.count(project.load().project, user)
    except Exception:  # a broken project must not break every page's header
        return 0
