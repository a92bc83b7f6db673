from django.db import migrations, models

from cryoinfo.markdown import render_markdown


def render_overviews(apps, schema_editor):
    # Historical models have no custom save(): render here what Indication.save() renders.
    Indication = apps.get_model("cryoinfo", "Indication")
    indications = list(Indication.objects.only("overview"))
    for indication in indications:
        indication.overview_html = render_markdown(indication.overview).html
    Indication.objects.bulk_update(indications, ["overview_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("cryoinfo", "0002_create_indications"),
    ]

    operations = [
        migrations.AddField(
            model_name="indication",
            name="overview_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(render_overviews, migrations.RunPython.noop),
    ]
