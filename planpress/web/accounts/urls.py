from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in_view, name="login"),
    path("sign-out/", views.sign_out_view, name="logout"),
    path("password/", views.password_view, name="password"),
]
