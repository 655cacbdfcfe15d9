from django.urls import path

from . import views

app_name = "drills"
urlpatterns = [
    path("<str:number>/new/", views.new, name="new"),
    path("<str:number>/files/<str:name>", views.attachment, name="attachment"),
    path("<str:number>/<str:key>/", views.detail, name="detail"),
]
