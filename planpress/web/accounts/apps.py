from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "planpress.web.accounts"
    label = "accounts"
    verbose_name = "账户"
