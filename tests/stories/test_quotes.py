import pytest
from django.urls import reverse

from stories import services
from stories.models import StoryQuote, StoryRevision
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db

BODY = (
    "The nurse held my hand while the probe went in. Two days later I was walking the dog "
    "again, which I had not expected at all."
)


def quote(client, story, passage, indication):
    return client.post(
        reverse("moderation:quote", args=[story.pk]),
        {"passage": passage, "indication": indication.pk},
    )


def test_moderator_quotes_a_passage_and_kidney_articles_show_it(client, alice, mo, kidney):
    story = make_story(alice, title="Walking the dog", body=BODY, indications=["kidney"])
    article = ArticleFactory(indications=[kidney])
    client.force_login(mo)

    response = quote(client, story, "Two days later I was walking the dog again", kidney)

    assert response.status_code == 302
    [saved] = StoryQuote.objects.all()
    assert saved.chosen_by == mo
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "In their own words" in html
    assert "Two days later I was walking the dog again" in html
    assert f'href="{story.get_absolute_url()}"' in html


def test_a_passage_must_be_in_the_story_word_for_word(client, alice, mo, kidney):
    story = make_story(alice, body=BODY, indications=["kidney"])
    client.force_login(mo)

    response = quote(client, story, "Cryoablation cured me completely and forever", kidney)

    assert response.status_code == 400
    assert "not in the published story" in response.content.decode()
    assert not StoryQuote.objects.exists()


def test_the_indication_must_be_one_of_the_storys(client, alice, mo, liver):
    story = make_story(alice, body=BODY, indications=["kidney"])
    client.force_login(mo)

    quote(client, story, "Two days later I was walking the dog again", liver)

    assert not StoryQuote.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_only_moderators_choose_quotes(client, request, alice, who, kidney):
    story = make_story(alice, body=BODY, indications=["kidney"])
    client.force_login(request.getfixturevalue(who))

    assert quote(client, story, "Two days later I was walking the dog", kidney).status_code == 403
    assert not StoryQuote.objects.exists()


def test_quotes_come_only_from_public_stories(client, alice, mo, kidney):
    article = ArticleFactory(indications=[kidney])
    gone, kept = (make_story(alice, body=BODY, indications=["kidney"]) for _ in range(2))
    for story in (gone, kept):
        services.add_quote(story, "The nurse held my hand while the probe went in.", kidney, mo)
    services.withdraw(gone)

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count('<figure class="quote">') == 1
    assert f'href="{kept.get_absolute_url()}"' in html


def test_an_article_shows_at_most_two_quotes(client, alice, mo, kidney):
    article = ArticleFactory(indications=[kidney])
    for _ in range(3):
        story = make_story(alice, body=BODY, indications=["kidney"])
        services.add_quote(story, "The nurse held my hand while the probe went in.", kidney, mo)

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count('<figure class="quote">') == 2


def test_pending_stories_cannot_be_quoted(client, alice, mo, kidney):
    story = make_story(alice, status="pending", body=BODY, indications=["kidney"])
    client.force_login(mo)

    assert quote(client, story, "Two days later I was walking the dog", kidney).status_code == 404


def test_an_approved_edit_without_the_passage_drops_the_quote(alice, mo, kidney):
    story = make_story(alice, body=BODY, indications=["kidney"])
    services.add_quote(story, "The nurse held my hand while the probe went in.", kidney, mo)
    services.submit(story, StoryRevision(title="Rewritten", body="All new words. " * 5),
                    story.live.indications.all())  # fmt: skip
    story.refresh_from_db()
    assert story.quotes.count() == 1  # the edit is not approved yet

    services.approve(story, story.version, mo)

    assert story.quotes.count() == 0


def test_moderator_removes_a_quote(client, alice, mo, kidney):
    story = make_story(alice, body=BODY, indications=["kidney"])
    chosen = services.add_quote(story, "The nurse held my hand while the probe went in.",
                                kidney, mo)  # fmt: skip
    client.force_login(mo)

    client.post(reverse("moderation:unquote", args=[story.pk, chosen.pk]))

    assert not StoryQuote.objects.exists()


def test_hostile_passage_text_is_escaped_on_the_article(client, alice, mo, kidney):
    story = make_story(alice, body="I said <b>bold</b> words and " + BODY, indications=["kidney"])
    article = ArticleFactory(indications=[kidney])
    services.add_quote(story, "I said bold words and The nurse held my hand", kidney, mo)
    StoryQuote.objects.update(passage='<script>alert("q")</script>')

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<script>alert("q")' not in html
    assert "&lt;script&gt;" in html
