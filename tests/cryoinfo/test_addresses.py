import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse, set_script_prefix

from cryoinfo.addresses import object_url
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


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("stories:detail", 1),
        ("stories:detail", 1234567),
        ("posts:detail", "what-is-cryoablation"),
        ("posts:detail", "a_b-9"),
        ("stories:detail", "12"),
        ("indication", "kidney"),
    ],
)
def test_object_url_gives_what_reverse_gives(name, key):
    assert object_url(name, key) == reverse(name, args=[key])


def test_object_url_fails_as_reverse_does():
    assert object_url("feedback:vote", 7) == "/feedback/articles/7/helpful/"
    with pytest.raises(NoReverseMatch):
        object_url("posts:detail", "not a slug/")
    with pytest.raises(NoReverseMatch):
        object_url("stories:photo", 7)  # takes two arguments
    with pytest.raises(NoReverseMatch):
        object_url("stories:detail", "kidney")  # takes a number


def test_object_url_follows_the_script_prefix_and_url_configuration():
    assert object_url("stories:detail", 5) == "/stories/5/"
    set_script_prefix("/cryoinfo/")
    try:
        assert object_url("stories:detail", 5) == "/cryoinfo/stories/5/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF=__name__), pytest.raises(NoReverseMatch):
        object_url("stories:detail", 5)
    assert object_url("stories:detail", 5) == "/stories/5/"
