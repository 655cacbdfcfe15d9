from __future__ import annotations

from django import forms


class EnrolForm(forms.Form):
    password = forms.CharField(label="签名密码", max_length=256, strip=False, widget=forms.PasswordInput,
                               help_text="至少 12 个字符，不能和登录密码相同。每次签名都要输入；忘记后只能停用密钥、重新申请。")
    repeat = forms.CharField(label="再输入一次", max_length=256, strip=False, widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("repeat"):
            self.add_error("repeat", "两次输入的签名密码不一样。")
        return data


class PasswordForm(forms.Form):
    password = forms.CharField(label="签名密码", max_length=256, strip=False, widget=forms.PasswordInput)


class SignForm(PasswordForm):
    ticket = forms.CharField(max_length=64, widget=forms.HiddenInput)


class RevokeForm(forms.Form):
    reason = forms.CharField(label="停用原因", max_length=300, help_text="例如：U 盘丢失；调离本院")
    password = forms.CharField(label="登录密码", max_length=256, strip=False, widget=forms.PasswordInput,
                               help_text="忘记签名密码时也能停用，所以这里输入登录密码")


class IssueForm(forms.Form):
    passphrase = forms.CharField(label="CA 私钥口令", max_length=1024, strip=False, widget=forms.PasswordInput,
                                 required=False)
    certificate = forms.CharField(label="或：外部 CA 签发的证书（PEM）", widget=forms.Textarea, required=False,
                                  max_length=64 * 1024)
