from django.apps import AppConfig


class DrillsConfig(AppConfig):
    name = "planpress.web.drills"
    label = "drills"
    verbose_name = "应急演练"
