from django.db import migrations, models
from django.utils.text import Truncator

from cryoinfo.seo import html_to_text

BATCH = 2000


def fill_summaries(apps, schema_editor):
    """Give every published story its card summary, as approval now does."""
    Story = apps.get_model("stories", "Story")
    rows = Story.objects.filter(live__isnull=False).select_related("live").only(
        "id", "live__body_html"
    )
    batch = []
    for story in rows.iterator(chunk_size=BATCH):
        story.summary = Truncator(html_to_text(story.live.body_html)).words(32)
        batch.append(story)
        if len(batch) == BATCH:
            Story.objects.bulk_update(batch, ["summary"])
            batch = []
    Story.objects.bulk_update(batch, ["summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0008_outcome_tally_help_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="summary",
            field=models.TextField(
                default="",
                editable=False,
                help_text="The live version's opening words, for cards.",
            ),
        ),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop, elidable=True),
    ]
