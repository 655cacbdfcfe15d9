from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "planpress.web.documents"
    label = "documents"
    verbose_name = "文件"
