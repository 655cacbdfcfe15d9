"""Append to the audit trail and verify it (`planpress audit verify`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from .models import AuditRecord, ChainHead

GENESIS = "0" * 64


def _canonical_details(details: dict | None) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _at_text(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def digest_of(record: AuditRecord) -> str:
    fields = [str(record.seq), _at_text(record.at), record.actor, record.actor_name, record.action, record.document,
              record.version, record.reason, record.details, record.previous]
    data = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def record(action: str, *, account=None, actor: str = "", document: str = "", version: str = "",
           reason: str = "", details: dict | None = None) -> AuditRecord:
    """Append one record, in the chain's order, with the server's time."""
    if account is not None and getattr(account, "is_authenticated", False):
        actor, actor_name = account.username, account.shown_name
    else:
        actor_name = ""
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditRecord(seq=head.seq + 1, at=timezone.now(),
                            actor=actor[:150], actor_name=actor_name[:100], action=action, document=document[:100],
                            version=str(version)[:20], reason=reason, details=_canonical_details(details),
                            previous=head.digest)
        entry.digest = digest_of(entry)
        entry.save()
        ChainHead.objects.filter(pk=1).update(seq=entry.seq, digest=entry.digest)
    return entry


@dataclasses.dataclass(frozen=True)
class Break:
    seq: int
    message: str


def verify() -> tuple[int, list[Break]]:
    """(records checked, what is wrong): a record altered, missing, inserted, or the tail cut off."""
    breaks: list[Break] = []
    expected_seq, previous, count = 1, GENESIS, 0
    for entry in AuditRecord.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            missing = f"第 {expected_seq} 条" if entry.seq == expected_seq + 1 else f"第 {expected_seq}–{entry.seq - 1} 条"
            breaks.append(Break(expected_seq, f"{missing}记录不见了（被删除）。"))
        if entry.previous != previous:
            breaks.append(Break(entry.seq, f"第 {entry.seq} 条记录与前一条接不上：前面的记录被删除、插入或改动过。"))
        if digest_of(entry) != entry.digest:
            at = timezone.localtime(entry.at)
            breaks.append(Break(entry.seq, f"第 {entry.seq} 条记录（{at:%Y-%m-%d %H:%M:%S} {entry.actor} "
                                           f"{entry.get_action_display()}）的内容与其摘要不符：记录被改动过。"))
        expected_seq, previous = entry.seq + 1, entry.digest
    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_digest = (head.seq, head.digest) if head else (0, GENESIS)
    if head_seq != expected_seq - 1 or head_digest != previous:
        if head_seq > expected_seq - 1:
            breaks.append(Break(head_seq, f"最后的第 {expected_seq}–{head_seq} 条记录不见了（被删除）。"))
        else:
            breaks.append(Break(head_seq, "审计链末端与最后一条记录不符：记录被追加或删除时绕过了本系统。"))
    return count, breaks
