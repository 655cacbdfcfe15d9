from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..documents import project
from .models import DraftBuild


@login_required
def status(request, number: str):
    """The progress fragment a document's page polls (htmx) until its draft outputs are ready."""
    project.document_file(number)  # 404 for anything not in the register
    job = DraftBuild.objects.filter(number=number).order_by("-pk").first()
    return render(request, "drafts/status.html", {"job": job, "number": number})
