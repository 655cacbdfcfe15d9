"""Accounts: hospital staff who sign in, their roles, and the roster person they are.

Roles (Role) are granted per account; 编辑 is granted per department (the 制定部门 of the documents
it may edit), and single documents can be granted to an account besides (DocumentGrant). Every
account may read (员工). The link to the roster (people.yaml) says which signatory this account is:
an approval is made only by the person it names (part 2 signs with it).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    EDITOR = "editor", "编辑"
    SIGNER = "signer", "签署人"
    CONTROLLER = "controller", "文件控制员"
    ADMIN = "admin", "管理员"
    STAFF = "staff", "员工"


ROLE_BY_NAME = {label: value for value, label in Role.choices} | {value: value for value, _ in Role.choices}


class Account(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True,
                                    help_text="印在修改记录和签名上的姓名，例如 孙晓琳")
    department = models.CharField("部门", max_length=100, blank=True)
    person = models.CharField("签署人名册中的人", max_length=100, blank=True,
                              help_text="source/people.yaml 中的键，例如 sun-xiaolin；只有签署人需要")
    must_change_password = models.BooleanField("下次登录须改密码", default=True)
    failed_sign_ins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "账户"

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username

    @property
    def commit_email(self) -> str:
        return self.email or f"{self.username}@planpress.invalid"

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    # -- roles (cached on the object for the request) ------------------------------------------

    def _grants(self) -> list[tuple[str, str]]:
        if not hasattr(self, "_grant_cache"):
            self._grant_cache = list(self.role_grants.values_list("role", "department"))
        return self._grant_cache

    def has_role(self, role: str) -> bool:
        if role == Role.STAFF:
            return self.is_active
        if role == Role.ADMIN and self.is_superuser:
            return True
        return any(r == role for r, _ in self._grants())

    @property
    def roles(self) -> list[str]:
        """The roles' Chinese names, for the header and the account list."""
        names = []
        for value, label in Role.choices:
            if value == Role.EDITOR:
                departments = sorted(d for r, d in self._grants() if r == value)
                if departments:
                    names.append(f"编辑（{'、'.join(departments)}）")
            elif value != Role.STAFF and self.has_role(value):
                names.append(label)
        return names or ["员工"]

    @property
    def edit_departments(self) -> set[str]:
        return {d for r, d in self._grants() if r == Role.EDITOR}

    @property
    def granted_documents(self) -> set[str]:
        if not hasattr(self, "_document_cache"):
            self._document_cache = set(self.document_grants.values_list("number", flat=True))
        return self._document_cache

    def may_edit(self, number: str, owner: str) -> bool:
        """编辑 of the document's 制定部门, or granted this document."""
        if not self.is_active:
            return False
        return owner in self.edit_departments or number in self.granted_documents

    @property
    def is_editor(self) -> bool:
        return bool(self.edit_departments or self.granted_documents)


class RoleGrant(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    department = models.CharField("部门", max_length=100, blank=True, help_text="编辑：可编辑哪个制定部门的文件")

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["account", "role", "department"], name="one_grant_per_role")]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{label}（{self.department}）" if self.department else label


class DocumentGrant(models.Model):
    """An account may edit this document besides those of its departments."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="document_grants")
    number = models.CharField("文件编号", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "单个文件的编辑权限"
        constraints = [models.UniqueConstraint(fields=["account", "number"], name="one_grant_per_document")]

    def __str__(self) -> str:
        return self.number
