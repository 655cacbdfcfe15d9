from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "planpress.web.audit"
    label = "audit"
    verbose_name = "审计记录"
