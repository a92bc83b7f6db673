"""
Articles as they stood become the first version of the working copy and, for those
published, the signed-off version readers see; and the "Medical reviewers" group.
"""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

GROUP = "Medical reviewers"
REFERENCE_FIELDS = ("authors", "title", "source", "year", "doi", "pmid", "url")
NOTE = "Recorded from the article's review fields when medical sign-off began in CryoInfo."


def _frozen(reference):
    return {name: getattr(reference, name) for name in REFERENCE_FIELDS}


def _public(frozen):
    from posts.references import public_reference

    return public_reference(frozen)


def forwards(apps, schema_editor):
    Article = apps.get_model("posts", "Article")
    HistoricalArticle = apps.get_model("posts", "HistoricalArticle")
    ArticleVersion = apps.get_model("posts", "ArticleVersion")
    Reference = apps.get_model("posts", "Reference")
    for article in Article.objects.all():
        references = [_frozen(r) for r in Reference.objects.filter(article=article)]
        article.draft_title, article.draft_summary, article.draft_body = (
            article.title, article.summary, article.body,
        )  # fmt: skip
        article.published_references = [_public(r) for r in references]
        if article.status == "published":
            when = (
                timezone.make_aware(datetime.datetime.combine(article.last_reviewed, datetime.time(12)))
                if article.last_reviewed
                else article.published_at
            )
            version = ArticleVersion.objects.create(
                article=article,
                number=1,
                title=article.title,
                summary=article.summary,
                body=article.body,
                references=references,
                state="signed_off",
                submitted_at=when,
                decided_by=article.reviewer_account,
                decided_at=when,
                reviewer_name=article.reviewer_name,
                reviewer_credentials=article.reviewer_credentials,
                comments=NOTE if article.reviewer_name else NOTE + " No reviewer was recorded.",
                next_review_due=article.next_review_due,
                went_live_at=article.published_at,
            )
            article.live_version = version
            article.review_state = "approved"
        article.save()
    for record in HistoricalArticle.objects.all():
        record.draft_title, record.draft_summary, record.draft_body = (
            record.title, record.summary, record.body,
        )  # fmt: skip
        record.save(update_fields=["draft_title", "draft_summary", "draft_body"])

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="posts",
            codename__in=["sign_off_article", "view_article", "view_reference"],
        )
    )


def backwards(apps, schema_editor):
    Article = apps.get_model("posts", "Article")
    Article.objects.update(live_version=None)
    apps.get_model("posts", "ArticleVersion").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("posts", "0009_sign_off"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, backwards)]
