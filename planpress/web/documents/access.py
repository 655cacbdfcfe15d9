"""Who may do what to a document, enforced on the server for every request (never only hidden)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ..accounts.models import Role
from . import project


def may_edit(user, number: str) -> bool:
    return user.is_authenticated and user.may_edit(number, project.owner_of(number))


def require_edit(user, number: str) -> None:
    if not may_edit(user, number):
        owner = project.owner_of(number) or "（未知）"
        raise PermissionDenied(f"您没有编辑 {number} 的权限：它的制定部门是{owner}，只有该部门的编辑"
                               f"（或被单独授权的人）可以修改它。")


def may_create(user, owner: str | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if owner is None:
        return bool(user.edit_departments) or user.has_role(Role.CONTROLLER)
    return owner in user.edit_departments or user.has_role(Role.CONTROLLER)


def require_create(user, owner: str | None = None) -> None:
    if not may_create(user, owner):
        where = f"制定部门为{owner}的" if owner else ""
        raise PermissionDenied(f"您没有新建{where}文件的权限：新建文件须是该制定部门的编辑，或文件控制员。")
