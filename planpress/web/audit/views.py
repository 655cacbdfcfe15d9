from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from ..accounts.models import Role
from .chain import verify
from .models import Action, AuditRecord


@login_required
def trail(request):
    user = request.user
    if not (user.has_role(Role.CONTROLLER) or user.has_role(Role.ADMIN)):
        raise PermissionDenied("审计记录只有文件控制员和管理员可以查看。")
    records = AuditRecord.objects.order_by("-seq")
    action = request.GET.get("action", "")
    if action in Action.values:
        records = records.filter(action=action)
    document = request.GET.get("document", "").strip()[:100]
    if document:
        records = records.filter(document=document)
    actor = request.GET.get("actor", "").strip()[:150]
    if actor:
        records = records.filter(actor=actor)
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    checked = None
    if request.GET.get("verify") == "1":
        count, breaks = verify()
        checked = {"count": count, "breaks": breaks}
    return render(request, "audit/trail.html", {"page": page, "actions": Action.choices, "action": action,
                                                "document": document, "actor": actor, "checked": checked})
