from django.urls import path

app_name = "drills"
urlpatterns = []
