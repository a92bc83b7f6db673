from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    # The same address as django.contrib.auth's "login", which cryoinfo/urls.py includes
    # after this file: this view answers it, and {% url 'login' %} and LOGIN_URL still
    # point here. It adds our form and the per-address limit on failed sign-ins.
    path("login/", views.SignInView.as_view(), name="login"),
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
    path("clinician/", views.clinician, name="clinician"),
    # Answers django.contrib.auth's "password_reset" address first, adding rate limits.
    path("password_reset/", views.password_reset, name="password_reset"),
]
