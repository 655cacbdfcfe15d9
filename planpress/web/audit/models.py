"""The audit trail: append-only records chained by hashes (chain.py writes and verifies them).

Each record's digest covers its own fields and the previous record's digest, so a record altered,
removed or inserted in the middle breaks the chain, and ChainHead (the last sequence number and
digest) tells a removed tail. The ORM refuses to update or delete a record; the database refuses
too (triggers in the migration), so changing one takes deliberately dropping them, which
`planpress audit verify` then detects.
"""

from __future__ import annotations

from django.db import models


class AppendOnly(Exception):
    pass


class _RecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("审计记录只能追加，不能修改。")

    def delete(self):
        raise AppendOnly("审计记录只能追加，不能删除。")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnly("审计记录只能追加，不能修改。")


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "登录"
    SIGN_IN_FAILED = "sign_in_failed", "登录失败"
    ACCOUNT_LOCKED = "account_locked", "账户锁定"
    SIGN_OUT = "sign_out", "退出登录"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    ACCOUNT_CREATED = "account_created", "新建账户"
    ACCOUNT_CHANGED = "account_changed", "修改账户"
    ROLE_GRANTED = "role_granted", "授予角色"
    ROLE_REVOKED = "role_revoked", "撤销角色"
    SAVE = "save", "保存"
    SAVE_CONFLICT = "save_conflict", "保存冲突"
    REVISION_STARTED = "revision_started", "开始修订"
    DOCUMENT_CREATED = "document_created", "新建文件"
    DOCUMENT_IMPORTED = "document_imported", "导入文件"
    ACKNOWLEDGED = "acknowledged", "阅读确认"
    STAFF_IMPORTED = "staff_imported", "导入员工名单"
    REMINDERS_SENT = "reminders_sent", "发送阅读提醒"
    DRILL_RECORDED = "drill_recorded", "记录演练"
    KEY_ENROLLED = "key_enrolled", "创建签名密钥"
    CERTIFICATE_ISSUED = "certificate_issued", "签发证书"
    KEY_EXPORTED = "key_exported", "导出签名密钥"
    KEY_REVOKED = "key_revoked", "停用签名密钥"
    SIGNING_PASSWORD_FAILED = "signing_password_failed", "签名密码错误"
    SIGNING_LOCKED = "signing_locked", "签名锁定"
    SIGNING_UNLOCKED = "signing_unlocked", "签名解锁"
    SIGNING_REFUSED = "signing_refused", "拒绝签名请求"
    APPROVED = "approved", "电子审批签名"
    SUBMITTED = "submitted", "提交审批"
    COMMENTED = "commented", "审阅意见"
    COMMENT_ANSWERED = "comment_answered", "答复审阅意见"
    SENT_BACK = "sent_back", "退回"
    RELEASED = "released", "发布"
    PDF_SIGNED = "pdf_signed", "PDF 数字签名"
    AUDIT_EXPORTED = "audit_exported", "导出审计记录"


class AuditRecord(models.Model):
    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间（服务器）")
    actor = models.CharField("账户", max_length=150, blank=True)
    actor_name = models.CharField("姓名", max_length=100, blank=True)
    action = models.CharField("操作", max_length=40, choices=Action.choices)
    document = models.CharField("文件", max_length=100, blank=True)
    version = models.CharField("版本", max_length=20, blank=True)
    reason = models.TextField("原因", blank=True)
    details = models.TextField("详情（JSON）", blank=True)  # canonical JSON text: hashed as stored
    previous = models.CharField("上一条的摘要", max_length=64)
    digest = models.CharField("摘要", max_length=64, unique=True)

    objects = _RecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["seq"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("审计记录只能追加，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("审计记录只能追加，不能删除。")

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.get_action_display()}"


class ChainHead(models.Model):
    """The one row holding the chain's end: appending locks it, so appends are in one order."""

    seq = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = verbose_name_plural = "审计链末端"
