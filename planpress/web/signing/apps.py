from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "planpress.web.signing"
    label = "signing"
    verbose_name = "签名与发布"
