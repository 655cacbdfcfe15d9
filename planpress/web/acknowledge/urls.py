from django.urls import path

from . import views

app_name = "acknowledge"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("quality/", views.quality, name="quality"),
    path("quality/export.csv", views.export, {"kind": "csv"}, name="export_csv"),
    path("quality/export.xlsx", views.export, {"kind": "xlsx"}, name="export_xlsx"),
    path("quality/remind/", views.remind, name="remind"),
    path("staff/", views.staff, name="staff"),
    path("<str:number>/", views.read, name="read"),
]
