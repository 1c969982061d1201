"""Summaries saved before their headings started at h2 (#25) are rendered again: the page's outline
goes h1, h2, h3 without a gap."""

from django.db import migrations


def render_again(apps, schema_editor):
    from cmij.text import markdown_html

    Summary = apps.get_model("archive", "Summary")
    for summary in Summary.objects.only("pk", "text").iterator():
        Summary.objects.filter(pk=summary.pk).update(text_html=markdown_html(summary.text, top_heading=2))


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
