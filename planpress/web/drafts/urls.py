from django.urls import path

from . import views

app_name = "drafts"
urlpatterns = [path("<str:number>/", views.status, name="status")]
