"""
Links off the site in posts say they were written by a reader: rel="ugc" (search engines
weigh them accordingly). New versions are rendered so (cryoinfo.markdown, user_text);
stored ones get the attribute rewritten in place. Only the renderer writes this exact
attribute, so one UPDATE a table does it, without re-rendering a million posts.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

OLD = 'rel="nofollow noopener noreferrer"'
NEW = 'rel="nofollow ugc noopener noreferrer"'


def rewrite(old: str, new: str):
    def run(apps, schema_editor):
        revisions = apps.get_model("stories", "StoryRevision").objects
        revisions.filter(body_html__contains=old).update(
            body_html=Replace("body_html", Value(old), Value(new))
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("stories", "0013_one_time_submission_key")]

    operations = [migrations.RunPython(rewrite(OLD, NEW), rewrite(NEW, OLD), elidable=True)]
