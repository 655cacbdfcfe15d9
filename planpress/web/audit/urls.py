from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("", views.trail, name="trail"), path("export.csv", views.export_csv, name="export_csv"),
               path("export.xlsx", views.export_xlsx, name="export_xlsx")]
