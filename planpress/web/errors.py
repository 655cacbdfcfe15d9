"""Error pages in Chinese: what happened and what to do, never a traceback."""

from __future__ import annotations

from django.shortcuts import render


def _page(request, status: int, title: str, message: str, hint: str = ""):
    return render(request, "error.html", {"status": status, "title": title, "message": message, "hint": hint},
                  status=status)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "您的账户没有打开这个页面的权限。"
    return _page(request, 403, "没有权限", message,
                 "如果您认为应该有这个权限，请联系质量管理科或系统管理员为您的账户授权。")


def not_found(request, exception=None):
    return _page(request, 404, "找不到页面", "没有这个页面，或者它说的文件不存在。", "从文件登记表重新打开要找的文件。")


def bad_request(request, exception=None):
    return _page(request, 400, "请求无效", "浏览器发来的内容不完整或不正确，没有做任何改动。", "返回上一页重新操作。")


def server_error(request):
    return _page(request, 500, "程序出错", "这是程序的问题，不是您的操作的问题；没有保存任何改动。",
                 "请把出错的时间和操作告诉系统管理员。")


def csrf_failure(request, reason=""):
    return _page(request, 403, "页面已过期", "这个页面的安全令牌已失效（页面打开太久、已经退出登录，或不是从本系统的页面提交的），"
                 "所以没有做任何改动。", "返回上一页，刷新后重新提交；您输入的内容在返回的页面里通常还在。")
