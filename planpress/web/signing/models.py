"""The signing keys the application keeps (encrypted, keystore.py), one signature's one-time
permission (SigningTicket: a replayed request is refused), review comments and send-backs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class KeyState(models.TextChoices):
    REQUESTED = "requested", "已申请证书（等待证书管理员签发）"
    ACTIVE = "active", "可以签名"
    REVOKED = "revoked", "已停用"


class SigningKey(models.Model):
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_keys")
    person = models.CharField("名册中的人", max_length=100)
    name = models.CharField("证书上的姓名", max_length=100)
    state = models.CharField("状态", max_length=20, choices=KeyState.choices, default=KeyState.REQUESTED)
    sealed_key = models.BinaryField("加密的私钥")
    salt = models.BinaryField()
    kdf_n = models.PositiveIntegerField()
    kdf_r = models.PositiveSmallIntegerField()
    kdf_p = models.PositiveSmallIntegerField()
    kdf_format = models.CharField(max_length=40)
    request_pem = models.TextField("证书申请")
    certificate_pem = models.TextField("证书", blank=True)
    certificate_file = models.CharField("名册里的证书文件", max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)
    issued = models.DateTimeField(null=True, blank=True)
    issued_by = models.CharField(max_length=150, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    failed_tries = models.PositiveIntegerField("连续输错签名密码的次数", default=0)
    locked = models.BooleanField("签名已锁定", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "签名密钥"

    @property
    def bound_to(self) -> str:
        """The AEAD's associated data: this row's key opens only for this account and person."""
        return f"planpress-signing-key:{self.pk}:{self.account_id}:{self.person}"


class SigningTicket(models.Model):
    """Issued with the sign screen, used once: a signature request replayed is refused."""

    token = models.CharField(max_length=64, unique=True)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    number = models.CharField(max_length=100)
    role = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)
    used = models.DateTimeField(null=True, blank=True)


class Comment(models.Model):
    number = models.CharField("文件", max_length=100)
    version = models.CharField("版本", max_length=20)
    clause = models.CharField("条款", max_length=100, blank=True)
    text = models.TextField("意见")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    resolved = models.BooleanField("已解决", default=False)

    class Meta:
        ordering = ["created"]


class SendBack(models.Model):
    """退回: the version goes back to its editor; signing waits until its content changes."""

    number = models.CharField(max_length=100)
    version = models.CharField(max_length=20)
    fingerprint = models.CharField(max_length=64)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]


class OutputBuild(models.Model):
    """`planpress build` run by the application: after a release, and once a day (effective dates)."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    reason = models.CharField(max_length=200)
    day = models.DateField(null=True, blank=True)  # the daily build's date (one per day)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    requested = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    report = models.TextField(blank=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [models.UniqueConstraint(fields=["day"], name="one_daily_build")]


class Submission(models.Model):
    """提交审批: from then on, each signature that becomes due is announced by e-mail (notify.py),
    until a send-back (a later SendBack) waits for the next submission."""

    number = models.CharField(max_length=100)
    version = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    base_url = models.CharField(max_length=300)  # the links in the e-mails: the address the editor used

    class Meta:
        ordering = ["-at", "-pk"]


class DueNotice(models.Model):
    """One person told that one row (or the release, role 发布) waits for them; closed when it no
    longer waits (signed, sent back), so that it is told again if it becomes due again."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(max_length=100)
    version = models.CharField(max_length=20)
    role = models.CharField(max_length=100)
    sent = models.BooleanField(default=False)
    opened = models.DateTimeField(default=timezone.now)
    closed = models.DateTimeField(null=True, blank=True)
