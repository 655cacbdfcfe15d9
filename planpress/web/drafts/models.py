from __future__ import annotations

from django.db import models


class DraftBuild(models.Model):
    """One request to make a document's draft PDF and cards (after a save), and how it went."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    number = models.CharField("文件", max_length=100, db_index=True)
    blob = models.CharField("源文件版本", max_length=40, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    requested = models.DateTimeField("请求时间", auto_now_add=True)
    started = models.DateTimeField("开始", null=True, blank=True)
    finished = models.DateTimeField("完成", null=True, blank=True)
    report = models.TextField("输出", blank=True)
    requested_by = models.CharField("请求人", max_length=150, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "草稿输出"
        ordering = ["-pk"]
