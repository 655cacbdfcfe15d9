from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

PRESENT_FOR = dt.timedelta(minutes=2)  # the editor page says it is open every 30 s


class EditPresence(models.Model):
    """Who has a document's editor open: "正在由 X 编辑" for the others."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    number = models.CharField(max_length=100, db_index=True)
    seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "number"], name="one_presence_per_document")]


def mark_present(account, number: str) -> None:
    EditPresence.objects.update_or_create(account=account, number=number, defaults={"seen": timezone.now()})


def others_editing(account, number: str) -> list:
    since = timezone.now() - PRESENT_FOR
    return [p.account for p in EditPresence.objects.filter(number=number, seen__gte=since)
            .exclude(account=account).select_related("account")]


def leave(account, number: str) -> None:
    EditPresence.objects.filter(account=account, number=number).delete()
