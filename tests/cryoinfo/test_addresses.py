from django.template import Context, Template
from django.test import override_settings
from django.urls import path, set_script_prefix

from cryoinfo.views import healthz


def page_url(name: str) -> str:
    return Template("{% load addresses %}{% page_url name %}").render(Context({"name": name}))


def test_page_url_gives_what_url_gives():
    for name in ["home", "about", "stories:list", "accounts:signup", "admin:index"]:
        url = Template("{% url name %}").render(Context({"name": name}))
        assert page_url(name) == url


urlpatterns = [path("elsewhere/about/", healthz, name="about")]


def test_page_url_follows_a_changed_url_configuration():
    assert page_url("about") == "/about/"
    with override_settings(ROOT_URLCONF=__name__):
        assert page_url("about") == "/elsewhere/about/"
    assert page_url("about") == "/about/"


def test_page_url_keeps_the_script_prefix_of_the_request():
    page_url("about")
    set_script_prefix("/cryoinfo/")
    try:
        assert page_url("about") == "/cryoinfo/about/"
    finally:
        set_script_prefix("/")
    assert page_url("about") == "/about/"
