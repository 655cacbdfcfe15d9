from django.apps import AppConfig


class AcknowledgeConfig(AppConfig):
    name = "planpress.web.acknowledge"
    label = "acknowledge"
    verbose_name = "阅读确认"
