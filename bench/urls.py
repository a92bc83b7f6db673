from django.urls import path

from . import views

urlpatterns = [
    path("plain", views.plain, name="bench_plain"),
    path("fortunes", views.fortunes, name="bench_fortunes"),
]
