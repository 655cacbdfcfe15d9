from __future__ import annotations

from django import forms
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from ..audit.chain import record
from ..audit.models import Action
from .signin import sign_in


class SignInForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", max_length=4096, widget=forms.PasswordInput, strip=False)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def sign_in_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next(request))
    form = SignInForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        problem = sign_in(request, form.cleaned_data["username"], form.cleaned_data["password"])
        if problem is None:
            return redirect(_next(request))
    status = 200 if request.method == "GET" or not problem else 401
    return render(request, "accounts/sign_in.html", {"form": form, "problem": problem, "next": _next(request)},
                  status=status)


@require_POST
def sign_out_view(request):
    if request.user.is_authenticated:
        record(Action.SIGN_OUT, account=request.user)
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_view(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
        update_session_auth_hash(request, user)
        record(Action.PASSWORD_CHANGED, account=user)
        return redirect("documents:dashboard")
    return render(request, "accounts/password.html", {"form": form, "forced": request.user.must_change_password},
                  status=200 if request.method == "GET" or form.is_valid() else 422)
