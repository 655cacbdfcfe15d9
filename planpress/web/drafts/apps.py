from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "planpress.web.drafts"
    label = "drafts"
    verbose_name = "草稿输出"
