"""Staff (imported from the HR system's export) and their acknowledgements of document versions.

An acknowledgement binds the person (staff member and account), the document, the version and its
content fingerprint, with the server's time; it is never changed or deleted (a new version asks
anew). What is due is not stored: it is derived from the documents in force and the staff list
(duties.py), so it is always as current as both.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class StaffMember(models.Model):
    employee_id = models.CharField("工号", max_length=50, unique=True)
    name = models.CharField("姓名", max_length=50)
    department = models.CharField("部门", max_length=100, db_index=True)
    role = models.CharField("岗位", max_length=100, blank=True)
    campus = models.CharField("院区", max_length=50, blank=True)  # the campus key of contacts.yaml
    email = models.EmailField("邮箱", blank=True)
    active = models.BooleanField("在职", default=True)
    since = models.DateField("列入名单日期")  # acknowledgements fall due from the later of this and the effective date
    account = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="staff_member")
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "员工"
        ordering = ["department", "employee_id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_id}，{self.department}）"


class Acknowledgement(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="acknowledgements")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    number = models.CharField("文件编号", max_length=100)
    version = models.CharField("版本", max_length=20)
    fingerprint = models.CharField("内容指纹", max_length=64)
    at = models.DateTimeField("确认时间（服务器）")

    class Meta:
        verbose_name = verbose_name_plural = "阅读确认"
        constraints = [models.UniqueConstraint(fields=["staff", "number", "version"], name="one_acknowledgement_per_version")]
        indexes = [models.Index(fields=["number", "version"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("阅读确认记录不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("阅读确认记录不能删除。")


class StaffSync(models.Model):
    """One synchronisation of the staff list with the hospital's directory (directorysync.py)."""

    class State(models.TextChoices):
        RUNNING = "running", "同步中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    by = models.CharField("发起", max_length=100)
    slot = models.DateTimeField(null=True, blank=True, unique=True)  # the scheduled hour (one per hour, every process)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    started = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)
    added = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    left = models.IntegerField(default=0)
    report = models.TextField(blank=True)  # why it failed, or the entries left out

    class Meta:
        verbose_name = verbose_name_plural = "目录同步"
        ordering = ["-started"]
